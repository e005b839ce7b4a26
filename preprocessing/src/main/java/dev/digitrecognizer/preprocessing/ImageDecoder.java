package dev.digitrecognizer.preprocessing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns request bytes into a decoded PNG or JPEG. The dimensions are read from the header and
 * checked before any pixel is decoded, so a decompression bomb never allocates its image.
 */
final class ImageDecoder {
    private static final int PNG_WIDTH_OFFSET = 16;

    private final long maxBytes;
    private final long maxPixels;
    private final double maxAspectRatio;
    private final int minLongSide;

    public ImageDecoder(long maxBytes, long maxPixels) {
        this(maxBytes, maxPixels, Preprocessor.DEFAULT_MAX_ASPECT_RATIO, Preprocessor.DECODED_LONG_SIDE);
    }

    public ImageDecoder(long maxBytes, long maxPixels, double maxAspectRatio, int minLongSide) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
        this.maxAspectRatio = maxAspectRatio;
        this.minLongSide = minLongSide;
    }

    /**
     * The format and the size the header declares, checked against the byte and pixel limits and
     * the aspect ratio; nothing is decoded. A PNG's IHDR is read directly, a JPEG's frame header
     * through its ImageIO reader.
     */
    public CheckedImage check(byte[] bytes) {
        ImageFormat format = checkedFormat(bytes);
        ImageSize size = format == ImageFormat.PNG ? pngSize(bytes) : null;
        if (size == null) {
            ImageReader reader =
                    ImageIO.getImageReadersByFormatName(format.readerName()).next();
            try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
                reader.setInput(input, true, true);
                size = new ImageSize(reader.getWidth(0), reader.getHeight(0));
            } catch (IOException | RuntimeException e) {
                throw corrupt(format, e.getMessage());
            } finally {
                reader.dispose();
            }
        }
        check(size);
        return new CheckedImage(bytes, format, size);
    }

    /** The IHDR's width and height, or null when the header is not the standard one (ImageIO then says why). */
    private static ImageSize pngSize(byte[] png) {
        if (png.length < PNG_WIDTH_OFFSET + 8
                || !"IHDR".equals(new String(png, PNG_WIDTH_OFFSET - 4, 4, StandardCharsets.US_ASCII))) {
            return null;
        }
        ByteBuffer header = ByteBuffer.wrap(png);
        int width = header.getInt(PNG_WIDTH_OFFSET);
        int height = header.getInt(PNG_WIDTH_OFFSET + 4);
        return width > 0 && height > 0 ? new ImageSize(width, height) : null;
    }

    private void check(ImageSize size) {
        if (size.pixels() > maxPixels) {
            throw new ImageRejected(
                    ImageRejected.Reason.TOO_MANY_PIXELS,
                    "The image is " + size + " pixels; at most " + maxPixels + " pixels are accepted.");
        }
        if (size.aspectRatio() > maxAspectRatio) {
            throw new ImageRejected(
                    ImageRejected.Reason.BAD_ASPECT_RATIO,
                    "The image is " + size
                            + " pixels, a strip rather than a picture of a digit; its long side may be at most "
                            + Math.round(maxAspectRatio) + " times its short side.");
        }
    }

    private ImageFormat checkedFormat(byte[] bytes) {
        if (bytes.length > maxBytes) {
            throw ImageRejected.tooLarge(maxBytes);
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        if (!format.isComplete(bytes)) {
            throw corrupt(format, "it does not end where the format says it should");
        }
        return format;
    }

    /**
     * The checked image's pixels; a large one subsampled so that its long side keeps at least
     * {@code minLongSide} pixels, which ImageIO and the PNG fast path do without decoding the
     * rest into an image.
     */
    public DecodedImage decode(CheckedImage checked) {
        int step = checked.size().subsampling(minLongSide);
        byte[] bytes = checked.bytes();
        ImageFormat format = checked.format();
        if (format == ImageFormat.PNG) {
            DecodedImage image = PngDecoder.decode(bytes, maxPixels, step);
            if (image != null) {
                return image;
            }
        }
        ImageReader reader =
                ImageIO.getImageReadersByFormatName(format.readerName()).next();
        // In memory: ImageIO.createImageInputStream would cache the stream in a temporary file.
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage image = reader.read(0, param);
            if (!warnings.isEmpty()) {
                throw corrupt(format, warnings.get(0));
            }
            return DecodedImage.of(image);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageRejected rejected) {
                throw rejected;
            }
            throw corrupt(format, e.getMessage());
        } finally {
            reader.dispose();
        }
    }

    private static ImageRejected corrupt(ImageFormat format, String detail) {
        return new ImageRejected(
                ImageRejected.Reason.CORRUPT,
                "The " + format + " image is corrupt or truncated" + (detail == null ? "." : " (" + detail + ")."));
    }
}
