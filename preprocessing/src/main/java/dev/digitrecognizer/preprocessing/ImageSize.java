package dev.digitrecognizer.preprocessing;

/**
 * An image's width and height as its header declares them, read before any pixel is decoded, so
 * the caller can refuse an image, or budget the memory its decoding takes, at the cost of a few bytes.
 */
public record ImageSize(int width, int height) {

    public long pixels() {
        return (long) width * height;
    }

    /** How many times longer the long side is than the short one; at least 1. */
    public double aspectRatio() {
        return (double) Math.max(width, height) / Math.max(1, Math.min(width, height));
    }

    /**
     * The largest step, every step-th row and column read, that keeps the long side at least
     * {@code minLongSide} pixels; 1 (every pixel) for an image smaller than twice that.
     */
    int subsampling(int minLongSide) {
        return Math.max(1, Math.max(width, height) / minLongSide);
    }

    /** Pixels along a side of {@code length} pixels when every step-th is read. */
    static int subsampled(int length, int step) {
        return (length + step - 1) / step;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
