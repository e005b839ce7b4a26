package dev.digitrecognizer.preprocessing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns request bytes into a decoded PNG or JPEG. The dimensions are read from the header and
 * checked before any pixel is decoded, so a decompression bomb never allocates its image.
 */
final class ImageDecoder {
    private static final Pattern DATA_URL = Pattern.compile("^data:([^,;]*)((?:;[^,;]*)*),", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final char[] WHITESPACE_CHARS = {' ', '\t', '\n', '\u000B', '\f', '\r'};

    private final long maxBytes;
    private final long maxPixels;

    public ImageDecoder(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    /** The bytes of a {@code data:image/...;base64,} URL, or of bare base64. */
    public byte[] fromBase64(String text) {
        if (text == null || text.isBlank()) {
            throw new ImageRejected(ImageRejected.Reason.NOT_AN_IMAGE, "The request has no image.");
        }
        String payload = text.strip();
        Matcher dataUrl = DATA_URL.matcher(payload);
        if (dataUrl.find()) {
            if (!dataUrl.group(2).toLowerCase().contains(";base64")) {
                throw new ImageRejected(
                        ImageRejected.Reason.NOT_AN_IMAGE, "The image data URL must be base64-encoded.");
            }
            payload = payload.substring(dataUrl.end());
        }
        if (hasWhitespace(payload)) {
            payload = WHITESPACE.matcher(payload).replaceAll("");
        }
        if (payload.length() / 4 * 3 > maxBytes + 3) {
            throw tooLarge();
        }
        try {
            return Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new ImageRejected(ImageRejected.Reason.NOT_AN_IMAGE, "The image is not valid base64.");
        }
    }

    /** Whether the text holds anything {@code \s} matches; String.indexOf is far cheaper than the regex on 30 KB. */
    private static boolean hasWhitespace(String text) {
        for (char c : WHITESPACE_CHARS) {
            if (text.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    public BufferedImage decode(byte[] bytes) {
        if (bytes.length > maxBytes) {
            throw tooLarge();
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        if (!format.isComplete(bytes)) {
            throw corrupt(format, "it does not end where the format says it should");
        }
        if (format == ImageFormat.PNG) {
            BufferedImage image = PngDecoder.decode(bytes, maxPixels);
            if (image != null) {
                return image;
            }
        }
        ImageReader reader =
                ImageIO.getImageReadersByFormatName(format.readerName()).next();
        // In memory: ImageIO.createImageInputStream would cache the stream in a temporary file.
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            if (width * height > maxPixels) {
                throw new ImageRejected(
                        ImageRejected.Reason.TOO_MANY_PIXELS,
                        "The image is " + width + "x" + height + " pixels; at most " + maxPixels
                                + " pixels are accepted.");
            }
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw corrupt(format, warnings.get(0));
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageRejected rejected) {
                throw rejected;
            }
            throw corrupt(format, e.getMessage());
        } finally {
            reader.dispose();
        }
    }

    private ImageRejected tooLarge() {
        return new ImageRejected(ImageRejected.Reason.TOO_LARGE, "The image is larger than " + maxBytes + " bytes.");
    }

    private static ImageRejected corrupt(ImageFormat format, String detail) {
        return new ImageRejected(
                ImageRejected.Reason.CORRUPT,
                "The " + format + " image is corrupt or truncated" + (detail == null ? "." : " (" + detail + ")."));
    }
}
