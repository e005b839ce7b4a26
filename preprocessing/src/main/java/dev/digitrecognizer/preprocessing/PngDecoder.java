package dev.digitrecognizer.preprocessing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the PNGs that canvases write (8-bit RGB or RGBA, not interlaced) into their unfiltered
 * samples, the pixels ImageIO would return, with no image in between: ImageIO copies every row
 * through a temporary raster and into a BufferedImage. A large image is subsampled on the way: a
 * 4096x4096 PNG must still be inflated and unfiltered whole, as each row is predicted from the one
 * above, but a batch at a time in a buffer that stays in the cache, keeping only every step-th row
 * and column, so it never occupies 64 MB. Anything else, and anything out of the ordinary, answers null and
 * is left to ImageIO, which also reports what is wrong.
 *
 * <p>The chunks' CRCs are checked, and the zlib stream's Adler-32 is not, as libpng's
 * {@code PNG_IGNORE_ADLER32} and lodepng's {@code ignore_adler32} allow: the CRCs already cover
 * every compressed byte (a canvas's 8 KB), while the Adler-32 is summed over the 313 KB inflated,
 * a visible share of the gateway's CPU under load (benchmarks/README.md).
 */
final class PngDecoder {
    private static final int RGB = 2;
    private static final int RGBA = 6;
    /**
     * About how many inflated bytes a batch of a subsampled image's rows holds: few calls into
     * zlib, and the rows still in the cache when they are unfiltered and sampled (for a 4096x4096
     * PNG, 1 MB measured faster than 16 KB, 64 KB or the whole image).
     */
    private static final int BATCH_BYTES = 1 << 20;

    private PngDecoder() {}

    /** The image with every {@code step}-th row and column, or null when ImageIO should decode it. */
    static DecodedImage decode(byte[] png, long maxPixels, int step) {
        ByteBuffer in = ByteBuffer.wrap(png);
        in.position(ImageFormat.PNG_SIGNATURE.length);
        if (in.remaining() < 4 + 4 + 13 + 4
                || in.getInt() != 13
                || !"IHDR".equals(type(in))
                || !crcMatches(png, in.position() - 4, 13)) {
            return null;
        }
        int width = in.getInt();
        int height = in.getInt();
        int bitDepth = in.get();
        int colourType = in.get();
        boolean standard = in.get() == 0 && in.get() == 0 && in.get() == 0;
        in.getInt();
        int channels = colourType == RGBA ? 4 : colourType == RGB ? 3 : 0;
        if (!standard
                || bitDepth != 8
                || channels == 0
                || width <= 0
                || height <= 0
                || (long) width * height > maxPixels
                || (long) height * (1 + (long) width * channels) > Integer.MAX_VALUE - 8
                || !hasOnlyPlainChunks(in.duplicate())) {
            return null;
        }
        Inflater inflater = new Inflater(true);
        try {
            return new Rows(new ImageData(in, inflater), width, height, channels, step).decode();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    private static String type(ByteBuffer in) {
        byte[] type = new byte[4];
        in.get(type);
        return new String(type, StandardCharsets.US_ASCII);
    }

    /** Whether the CRC after the chunk whose type starts at {@code type} is that of its type and data. */
    private static boolean crcMatches(byte[] png, int type, int length) {
        CRC32 crc = new CRC32();
        crc.update(png, type, 4 + length);
        return (int) crc.getValue()
                == ByteBuffer.wrap(png, type + 4 + length, 4).getInt();
    }

    /** Whether the chunks are well formed up to IEND, with no palette or transparent colour, which change the pixels. */
    private static boolean hasOnlyPlainChunks(ByteBuffer in) {
        while (in.remaining() >= 12) {
            int length = in.getInt();
            String type = type(in);
            if (length < 0 || length > in.remaining() - 4) {
                return false;
            }
            switch (type) {
                case "IEND" -> {
                    return true;
                }
                case "PLTE", "tRNS" -> {
                    return false;
                }
                default -> in.position(in.position() + length + 4);
            }
        }
        return false;
    }

    /**
     * The zlib stream that the IDAT chunks hold between them, read in order: its two-byte header
     * checked here, its deflate data inflated raw, its Adler-32 trailer left unread.
     */
    private static final class ImageData {
        private final ByteBuffer chunks;
        private final Inflater inflater;
        private boolean started;

        ImageData(ByteBuffer chunks, Inflater inflater) {
            this.chunks = chunks;
            this.inflater = inflater;
        }

        /** Fills {@code out[0, length)}; false when the stream ends first or makes no progress. */
        boolean read(byte[] out, int length) throws DataFormatException {
            int written = 0;
            while (written < length) {
                int inflated = inflater.inflate(out, written, length - written);
                written += inflated;
                if (inflated == 0 && !(inflater.needsInput() && nextImageData())) {
                    return false;
                }
            }
            return true;
        }

        /** Whether the stream ends here, with nothing left over. */
        boolean ended() throws DataFormatException {
            byte[] spare = new byte[1];
            while (!inflater.finished()) {
                if (inflater.inflate(spare) > 0 || !(inflater.finished() || inflater.needsInput() && nextImageData())) {
                    return false;
                }
            }
            return true;
        }

        private boolean nextImageData() throws DataFormatException {
            while (chunks.remaining() >= 12) {
                int length = chunks.getInt();
                String type = type(chunks);
                int data = chunks.position();
                chunks.position(data + length + 4);
                if (type.equals("IEND")) {
                    return false;
                }
                if (type.equals("IDAT")) {
                    byte[] png = chunks.array();
                    if (!crcMatches(png, data - 4, length)) {
                        throw new DataFormatException("an IDAT chunk's CRC does not match");
                    }
                    int header = started ? 0 : 2;
                    if (!started && !(length >= 2 && isDeflateWithoutDictionary(png[data], png[data + 1]))) {
                        throw new DataFormatException("the image data is not a plain zlib stream");
                    }
                    started = true;
                    inflater.setInput(png, data + header, length - header);
                    return true;
                }
            }
            return false;
        }

        /** RFC 1950: deflate with a window of at most 32 KB, a valid check and no preset dictionary. */
        private static boolean isDeflateWithoutDictionary(byte cmf, byte flg) {
            return (cmf & 0x0F) == 8
                    && (cmf & 0xFF) >>> 4 <= 7
                    && ((cmf & 0xFF) << 8 | (flg & 0xFF)) % 31 == 0
                    && (flg & 0x20) == 0;
        }
    }

    /** The scanlines, unfiltered in batches, every step-th of them kept. */
    private static final class Rows {
        private final ImageData data;
        private final int width;
        private final int height;
        private final int channels;
        private final int step;
        /** Bytes of one scanline: its filter type, then the pixels. */
        private final int line;

        Rows(ImageData data, int width, int height, int channels, int step) {
            this.data = data;
            this.width = width;
            this.height = height;
            this.channels = channels;
            this.step = step;
            this.line = 1 + width * channels;
        }

        /**
         * A small image (read whole) is inflated in one batch and handed over as its scanlines;
         * a subsampled one in batches of about {@link #BATCH_BYTES}, its sampled pixels copied out.
         */
        DecodedImage decode() throws DataFormatException {
            int batch = step == 1 ? height : Math.max(1, Math.min(height, BATCH_BYTES / line));
            byte[] buffer = new byte[batch * line];
            int outWidth = ImageSize.subsampled(width, step);
            int outHeight = ImageSize.subsampled(height, step);
            byte[] sampled = step == 1 ? buffer : new byte[outWidth * outHeight * channels];
            // Row -1, which the filters read as zeros; later the last row of the previous batch.
            byte[] above = new byte[line];
            for (int y = 0; y < height; y += batch) {
                int rows = Math.min(batch, height - y);
                if (!data.read(buffer, rows * line)) {
                    return null;
                }
                for (int r = 0; r < rows; r++) {
                    boolean known =
                            r == 0 ? unfilter(buffer, 0, above, 0) : unfilter(buffer, r * line, buffer, (r - 1) * line);
                    if (!known) {
                        return null;
                    }
                    if (step > 1 && (y + r) % step == 0) {
                        sample(buffer, r * line + 1, sampled, (y + r) / step * outWidth * channels, outWidth);
                    }
                }
                System.arraycopy(buffer, (rows - 1) * line, above, 0, line);
            }
            if (!data.ended()) {
                return null;
            }
            return step == 1
                    ? new DecodedImage(buffer, 1, line, channels, width, height)
                    : new DecodedImage(sampled, 0, outWidth * channels, channels, outWidth, outHeight);
        }

        /** Reverses the filter of the scanline at {@code at}, the one above at {@code up}; false for an unknown filter type. */
        private boolean unfilter(byte[] d, int at, byte[] u, int up) {
            int bpp = channels;
            int first = at + 1;
            int end = at + line;
            int shift = up - at;
            switch (d[at]) {
                case 0 -> {}
                case 1 -> {
                    for (int i = first + bpp; i < end; i++) {
                        d[i] += d[i - bpp];
                    }
                }
                case 2 -> {
                    for (int i = first; i < end; i++) {
                        d[i] += u[i + shift];
                    }
                }
                case 3 -> {
                    for (int i = first; i < first + bpp; i++) {
                        d[i] += (u[i + shift] & 0xFF) >>> 1;
                    }
                    for (int i = first + bpp; i < end; i++) {
                        d[i] += ((d[i - bpp] & 0xFF) + (u[i + shift] & 0xFF)) >>> 1;
                    }
                }
                case 4 -> {
                    for (int i = first; i < first + bpp; i++) {
                        d[i] += u[i + shift];
                    }
                    for (int i = first + bpp; i < end; i++) {
                        d[i] += paeth(d[i - bpp] & 0xFF, u[i + shift] & 0xFF, u[i + shift - bpp] & 0xFF);
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** Every step-th pixel of the unfiltered pixels at {@code from} into {@code count} pixels at {@code to}. */
        private void sample(byte[] d, int from, byte[] out, int to, int count) {
            int advance = channels * step;
            for (int x = 0, i = from, o = to; x < count; x++, i += advance, o += channels) {
                for (int c = 0; c < channels; c++) {
                    out[o + c] = d[i + c];
                }
            }
        }
    }

    /**
     * The Paeth predictor without branches: on a photo which neighbour wins is close to random, and
     * a mispredicted branch per sample made it much slower. A difference's sign bit stands
     * for the comparison the specification makes.
     */
    static int paeth(int left, int up, int upLeft) {
        int toLeft = Math.abs(up - upLeft);
        int toUp = Math.abs(left - upLeft);
        int toUpLeft = Math.abs(left + up - 2 * upLeft);
        int notLeft = ((toUp - toLeft) | (toUpLeft - toLeft)) >> 31;
        int notUp = (toUpLeft - toUp) >> 31;
        return ~notLeft & left | notLeft & (~notUp & up | notUp & upLeft);
    }
}
