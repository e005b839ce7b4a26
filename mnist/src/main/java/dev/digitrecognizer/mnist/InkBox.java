package dev.digitrecognizer.mnist;

/**
 * The smallest rectangle holding a digit's ink, inclusive on every side; an image with no ink
 * has a box whose right edge lies left of its left edge.
 */
public record InkBox(int left, int top, int right, int bottom) {

    public int width() {
        return right - left + 1;
    }

    public int height() {
        return bottom - top + 1;
    }

    public boolean isEmpty() {
        return right < left;
    }
}
