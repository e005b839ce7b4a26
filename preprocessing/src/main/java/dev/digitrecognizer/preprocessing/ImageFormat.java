package dev.digitrecognizer.preprocessing;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Tells image formats apart by their leading bytes, whatever the request claims. */
enum ImageFormat {
    PNG("png"),
    JPEG("jpeg");

    /** The eight bytes every PNG file starts with. */
    static final int[] PNG_SIGNATURE = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private final String readerName;

    ImageFormat(String readerName) {
        this.readerName = readerName;
    }

    String readerName() {
        return readerName;
    }

    /**
     * Whether the file still has its end: a PNG's IEND chunk, a JPEG's end-of-image marker.
     * Decoders happily return the top of a cut-off image, so this is checked first.
     */
    boolean isComplete(byte[] bytes) {
        int tail = Math.max(0, bytes.length - 64);
        if (this == PNG) {
            return indexOf(bytes, tail, 'I', 'E', 'N', 'D') >= 0;
        }
        return indexOf(bytes, tail, 0xFF, 0xD9) >= 0;
    }

    private static int indexOf(byte[] bytes, int from, int... pattern) {
        for (int i = from; i + pattern.length <= bytes.length; i++) {
            int j = 0;
            while (j < pattern.length && (bytes[i + j] & 0xFF) == pattern[j]) {
                j++;
            }
            if (j == pattern.length) {
                return i;
            }
        }
        return -1;
    }

    /** PNG or JPEG; anything else is rejected, naming the format when it is a known one. */
    public static ImageFormat sniff(byte[] bytes) {
        if (startsWith(bytes, PNG_SIGNATURE)) {
            return PNG;
        }
        if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        String other = knownOther(bytes);
        if (other != null) {
            throw new ImageRejected(
                    ImageRejected.Reason.UNSUPPORTED_FORMAT, other + " images are not supported; send a PNG or JPEG.");
        }
        throw new ImageRejected(ImageRejected.Reason.NOT_AN_IMAGE, "The data is not an image; send a PNG or JPEG.");
    }

    private static String knownOther(byte[] bytes) {
        if (startsWith(bytes, 'G', 'I', 'F', '8')) {
            return "GIF";
        }
        if (startsWith(bytes, 'B', 'M')) {
            return "BMP";
        }
        if (startsWith(bytes, 0, 0, 1, 0) || startsWith(bytes, 0, 0, 2, 0)) {
            return "ICO";
        }
        if (startsWith(bytes, 'R', 'I', 'F', 'F')
                && bytes.length >= 12
                && new String(bytes, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
            return "WebP";
        }
        if (startsWith(bytes, 'I', 'I', '*', 0) || startsWith(bytes, 'M', 'M', 0, '*')) {
            return "TIFF";
        }
        String head = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.UTF_8)
                .stripLeading()
                .toLowerCase(Locale.ROOT);
        if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"))) {
            return "SVG";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
