package dev.digitrecognizer.preprocessing;

/** Ink per pixel, 0 (background) to 1 (full ink), row-major. */
record InkMap(float[] ink, int width, int height) {

    public float at(int x, int y) {
        return ink[y * width + x];
    }
}
