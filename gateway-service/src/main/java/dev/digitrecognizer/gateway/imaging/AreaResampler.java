package dev.digitrecognizer.gateway.imaging;

/**
 * Resizes by area averaging: each target pixel is the mean of the source area it covers, with
 * partly covered source pixels weighted by their coverage. One scale serves both axes, so the
 * aspect ratio is exact; a last row or column that is only partly covered gets partial ink, as
 * the anti-aliased MNIST digits do. Separable: rows first, then columns.
 */
final class AreaResampler {
    private AreaResampler() {
    }

    /** Target pixels needed to hold {@code length} source pixels scaled by {@code scale}. */
    static int scaledLength(int length, double scale) {
        return Math.max(1, (int) Math.ceil(length * scale - 1e-9));
    }

    static float[] resample(InkMap map, int left, int top, int width, int height, double scale) {
        int targetWidth = scaledLength(width, scale);
        int targetHeight = scaledLength(height, scale);
        float[] rows = new float[height * targetWidth];
        float[] line = new float[width];
        float[] resized = new float[targetWidth];
        for (int y = 0; y < height; y++) {
            System.arraycopy(map.ink(), (top + y) * map.width() + left, line, 0, width);
            resize(line, width, resized, targetWidth, scale);
            System.arraycopy(resized, 0, rows, y * targetWidth, targetWidth);
        }
        float[] out = new float[targetHeight * targetWidth];
        float[] column = new float[height];
        float[] resizedColumn = new float[targetHeight];
        for (int x = 0; x < targetWidth; x++) {
            for (int y = 0; y < height; y++) {
                column[y] = rows[y * targetWidth + x];
            }
            resize(column, height, resizedColumn, targetHeight, scale);
            for (int y = 0; y < targetHeight; y++) {
                out[y * targetWidth + x] = resizedColumn[y];
            }
        }
        return out;
    }

    /** One-dimensional area-averaging resize of {@code source[0..n)} into {@code target[0..m)}. */
    private static void resize(float[] source, int n, float[] target, int m, double scale) {
        double ratio = 1 / scale;
        for (int t = 0; t < m; t++) {
            double start = t * ratio;
            double end = start + ratio;
            double sum = 0;
            for (int s = (int) Math.floor(start); s < Math.min(n, (int) Math.ceil(end)); s++) {
                double coverage = Math.min(end, s + 1) - Math.max(start, s);
                sum += source[s] * coverage;
            }
            target[t] = (float) (sum / ratio);
        }
    }
}
