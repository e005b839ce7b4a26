package dev.digitrecognizer.preprocessing;

/**
 * Resizes by area averaging: each target pixel is the mean of the source area it covers, with
 * partly covered source pixels weighted by their coverage. One scale serves both axes, so the
 * aspect ratio is exact; a last row or column that is only partly covered gets partial ink, as
 * the anti-aliased MNIST digits do. Separable: rows first, then columns.
 */
final class AreaResampler {
    private AreaResampler() {}

    /** Target pixels needed to hold {@code length} source pixels scaled by {@code scale}. */
    static int scaledLength(int length, double scale) {
        return Math.max(1, (int) Math.ceil(length * scale - 1e-9));
    }

    static float[] resample(InkMap map, int left, int top, int width, int height, double scale) {
        Weights across = new Weights(width, scale);
        Weights down = new Weights(height, scale);
        int targetWidth = across.targets();
        float[] rows = new float[height * targetWidth];
        float[] ink = map.ink();
        int y = 0;
        for (; y + 1 < height; y += 2) {
            int from = (top + y) * map.width() + left;
            across.applyToTwoRows(ink, from, from + map.width(), rows, y * targetWidth, (y + 1) * targetWidth);
        }
        if (y < height) {
            across.apply(ink, (top + y) * map.width() + left, 1, rows, y * targetWidth, 1);
        }
        float[] out = new float[down.targets() * targetWidth];
        for (int x = 0; x < targetWidth; x++) {
            down.apply(rows, x, targetWidth, out, x, targetWidth);
        }
        return out;
    }

    /**
     * The coverage of each source pixel by each target pixel along one axis: the same for every
     * row (or column), so it is worked out once per resize instead of once per line.
     */
    private static final class Weights {
        private final int[] first;
        private final double[][] coverage;
        private final double ratio;

        Weights(int length, double scale) {
            int targets = scaledLength(length, scale);
            ratio = 1 / scale;
            first = new int[targets];
            coverage = new double[targets][];
            for (int t = 0; t < targets; t++) {
                double start = t * ratio;
                double end = start + ratio;
                first[t] = (int) Math.floor(start);
                int last = Math.min(length, (int) Math.ceil(end));
                coverage[t] = new double[Math.max(0, last - first[t])];
                for (int s = first[t]; s < last; s++) {
                    coverage[t][s - first[t]] = Math.min(end, s + 1) - Math.max(start, s);
                }
            }
        }

        int targets() {
            return first.length;
        }

        /** Resizes the line at {@code source[from]}, step {@code stride}, into {@code target[to]}, step {@code step}. */
        void apply(float[] source, int from, int stride, float[] target, int to, int step) {
            for (int t = 0; t < first.length; t++) {
                double[] weights = coverage[t];
                int s = from + first[t] * stride;
                double sum = 0;
                for (double w : weights) {
                    sum += source[s] * w;
                    s += stride;
                }
                target[to + t * step] = (float) (sum / ratio);
            }
        }

        /**
         * {@link #apply} to two rows at once, each summed in the same order: two independent sums
         * per loop keep the processor busy, and the short inner loops end half as often.
         */
        void applyToTwoRows(float[] source, int from, int secondFrom, float[] target, int to, int secondTo) {
            for (int t = 0; t < first.length; t++) {
                double[] weights = coverage[t];
                int s = from + first[t];
                int r = secondFrom + first[t];
                double sum = 0;
                double second = 0;
                for (double w : weights) {
                    sum += source[s++] * w;
                    second += source[r++] * w;
                }
                target[to + t] = (float) (sum / ratio);
                target[secondTo + t] = (float) (second / ratio);
            }
        }
    }
}
