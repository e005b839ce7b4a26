package dev.digitrecognizer.preprocessing;

/**
 * An image whose header was read and checked once (format, bytes, pixels, aspect ratio), before
 * any pixel is decoded: its decoding starts from what the header said instead of reading it again.
 */
public final class CheckedImage {
    private final byte[] bytes;
    private final ImageFormat format;
    private final ImageSize size;

    CheckedImage(byte[] bytes, ImageFormat format, ImageSize size) {
        this.bytes = bytes;
        this.format = format;
        this.size = size;
    }

    /** The width and height the header declares. */
    public ImageSize size() {
        return size;
    }

    byte[] bytes() {
        return bytes;
    }

    ImageFormat format() {
        return format;
    }
}
