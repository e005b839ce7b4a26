package dev.digitrecognizer.preprocessing;

/**
 * Ink per pixel, 0 (background) to 1 (full ink), row-major; {@code left} and {@code top} place the
 * map in the decoded image (a canvas read by its alpha is cropped to its ink).
 */
record InkMap(float[] ink, int width, int height, int left, int top) {

    InkMap(float[] ink, int width, int height) {
        this(ink, width, height, 0, 0);
    }

    public float at(int x, int y) {
        return ink[y * width + x];
    }
}
