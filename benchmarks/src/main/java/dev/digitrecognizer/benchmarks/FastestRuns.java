package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.preprocessing.ModelInput;
import dev.digitrecognizer.preprocessing.Preprocessor;
import java.util.Locale;

/**
 * The fastest of many runs of each request through {@link Preprocessor#toModelInput}, split as
 * {@link ModelInput} times it: decode, then preprocessing. On a machine others are loading, the
 * fastest run is the one the others disturbed least, so it says more than a mean does.
 */
public final class FastestRuns {
    private FastestRuns() {}

    public static void main(String[] args) {
        Preprocessor preprocessor = new Preprocessor();
        print(preprocessor, "280x280 canvas PNG", Drawing.png(), 20_000, "%.1f µs", 1e3);
        print(preprocessor, "4000x3000 photo JPEG", LargeImages.photoJpeg(), 25, "%.2f ms", 1e6);
        print(preprocessor, "4096x4096 canvas PNG", LargeImages.canvasPng(), 25, "%.2f ms", 1e6);
        print(preprocessor, "4096x4096 filtered PNG", LargeImages.filteredCanvasPng(), 25, "%.2f ms", 1e6);
    }

    /** Runs the image {@code runs} times, the first quarter as warm-up, and prints the fastest of the rest. */
    private static void print(
            Preprocessor preprocessor, String name, byte[] image, int runs, String unit, double scale) {
        long decode = Long.MAX_VALUE;
        long preprocess = Long.MAX_VALUE;
        long total = Long.MAX_VALUE;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            ModelInput input = preprocessor.toModelInput(image);
            long elapsed = System.nanoTime() - start;
            if (run >= runs / 4) {
                decode = Math.min(decode, input.decodeNanos());
                preprocess = Math.min(preprocess, input.preprocessNanos());
                total = Math.min(total, elapsed);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%s: decode " + unit + ", preprocess " + unit + ", total " + unit + "%n",
                name,
                decode / scale,
                preprocess / scale,
                total / scale);
    }
}
