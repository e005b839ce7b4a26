package dev.digitrecognizer.preprocessing;

import dev.digitrecognizer.mnist.InkBox;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way in: image bytes to the input an MNIST model expects, exactly as MNIST was made.
 * An image is decoded (after its size is checked from the header), read as ink, cropped, scaled
 * and centred by mass; anything that cannot become a digit is an {@link ImageRejected} with a
 * sentence a person understands. The gateway, the benchmarks and the tests all come in here.
 */
public final class Preprocessor {
    /** The largest image accepted by default: 5 MiB. */
    public static final long DEFAULT_MAX_BYTES = 5L << 20;
    /** The most pixels (width x height) accepted by default: 4096x4096. */
    public static final long DEFAULT_MAX_PIXELS = 1L << 24;
    /**
     * The most times an image's long side may be its short side by default. A digit is never 100
     * times wider than tall, and a 1x16,777,216 strip would cost seconds of decoding to find nothing.
     */
    public static final double DEFAULT_MAX_ASPECT_RATIO = 100;
    /**
     * The fewest pixels a large image keeps along its long side when it is decoded subsampled.
     * The ink is scaled to 20 px, so resolution beyond a few times that on the ink's long side
     * changes nothing the model sees; the ink may cover a fraction of the image, so this keeps a
     * margin of several times more. CanvasSubsamplingTest measures what it changes: with 512, no
     * pixel of a canvas drawing's input moves by more than 0.073 (of 1); with 256, by up to 0.18.
     */
    static final int DECODED_LONG_SIDE = 512;

    private final ImageDecoder decoder;

    public Preprocessor(long maxBytes, long maxPixels, double maxAspectRatio) {
        this(new ImageDecoder(maxBytes, maxPixels, maxAspectRatio, DECODED_LONG_SIDE));
    }

    Preprocessor(ImageDecoder decoder) {
        this.decoder = decoder;
    }

    public Preprocessor(long maxBytes, long maxPixels) {
        this(maxBytes, maxPixels, DEFAULT_MAX_ASPECT_RATIO);
    }

    public Preprocessor() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);
    }

    /**
     * The image with its header read and checked (format, bytes, pixels, aspect ratio) without
     * decoding: what decoding will cost, known before paying it, and not read again to decode.
     */
    public CheckedImage check(byte[] image) {
        return decoder.check(image);
    }

    /**
     * The pixels decoding the image will hold: its header's for an image decoded whole, far fewer
     * for a large one, decoded subsampled (a 4000x3000 photo holds 572x429). What a memory budget
     * charges.
     */
    public long decodedPixels(ImageSize size) {
        int step = size.subsampling(DECODED_LONG_SIDE);
        return (long) ImageSize.subsampled(size.width(), step) * ImageSize.subsampled(size.height(), step);
    }

    /** Checks, decodes, reads the ink and frames it as MNIST; see {@link #toModelInput(CheckedImage)}. */
    public ModelInput toModelInput(byte[] image) {
        return toModelInput(check(image));
    }

    /** Decodes, reads the ink and frames it as MNIST, timing the first step and the rest. */
    public ModelInput toModelInput(CheckedImage image) {
        long start = System.nanoTime();
        DecodedImage decoded = decode(image);
        long decodedAt = System.nanoTime();
        float[] pixels = frame(decoded);
        return new ModelInput(pixels, decodedAt - start, System.nanoTime() - decodedAt);
    }

    /** Checks the image, then finds and frames its digits; see {@link #toNumberInput(CheckedImage, NumberLimits)}. */
    public NumberInput toNumberInput(byte[] image, NumberLimits limits) {
        return toNumberInput(check(image), limits);
    }

    /**
     * Decodes, reads the ink, finds the digits of a number in it (see {@link Segmenter}) and frames
     * each as MNIST. One digit found is framed from the whole ink map, so a drawing of one digit
     * gives exactly the values {@link #toModelInput} gives, stray specks and all; of several, each
     * is framed from its own marks alone, cropped to their box, noise left out.
     */
    public NumberInput toNumberInput(CheckedImage image, NumberLimits limits) {
        long start = System.nanoTime();
        ImageSize size = image.size();
        DecodedImage decoded = decode(image);
        long decodedAt = System.nanoTime();
        InkMap map = InkExtractor.extract(decoded);
        Segmenter.Segments segments = Segmenter.segment(map, limits);
        long segmentedAt = System.nanoTime();
        double scaleX = (double) size.width() / decoded.width();
        double scaleY = (double) size.height() / decoded.height();
        List<DigitInput> digits = new ArrayList<>(segments.digits().size());
        for (Segmenter.Digit digit : segments.digits()) {
            float[] pixels = segments.digits().size() == 1
                    ? MnistPreprocessor.toMnist(map)
                    : MnistPreprocessor.toMnist(Segmenter.inkOf(map, digit, segments.labels()));
            InkBox box = digit.box();
            int left = (int) Math.floor((map.left() + box.left()) * scaleX);
            int top = (int) Math.floor((map.top() + box.top()) * scaleY);
            int right = (int) Math.ceil((map.left() + box.right() + 1) * scaleX);
            int bottom = (int) Math.ceil((map.top() + box.bottom() + 1) * scaleY);
            digits.add(new DigitInput(pixels, new DigitBox(left, top, right - left, bottom - top)));
        }
        return new NumberInput(
                List.copyOf(digits), decodedAt - start, segmentedAt - decodedAt, System.nanoTime() - segmentedAt);
    }

    /** The first step alone: the decoded PNG or JPEG, a large one subsampled. */
    public DecodedImage decode(CheckedImage image) {
        return decoder.decode(image);
    }

    /** Checks the image, then decodes it; see {@link #decode(CheckedImage)}. */
    public DecodedImage decode(byte[] image) {
        return decode(check(image));
    }

    /** The rest alone: a decoded image's ink, cropped, scaled and centred by mass in 28x28. */
    public static float[] frame(DecodedImage image) {
        return MnistPreprocessor.toMnist(InkExtractor.extract(image));
    }
}
