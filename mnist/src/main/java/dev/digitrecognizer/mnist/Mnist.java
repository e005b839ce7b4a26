package dev.digitrecognizer.mnist;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One MNIST split: 28x28 images as floats in [0,1] (0 = background, 1 = ink), and their labels.
 *
 * @param images row-major pixels, {@link #PIXELS} values an image
 */
public record Mnist(float[] images, int[] labels) {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;

    public enum Split {
        TRAIN("train"),
        TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    private static Mnist testSplit;

    public Mnist {
        if (images.length != labels.length * PIXELS) {
            throw new DatasetException(labels.length + " labels for " + images.length / PIXELS + " images");
        }
    }

    /** Where the idx files are: the system property {@code mnist.dir}, else {@code data/mnist}. */
    public static Path directory() {
        return Path.of(System.getProperty("mnist.dir", "data/mnist"));
    }

    /** The test split from {@link #directory()}, loaded once and shared. */
    public static synchronized Mnist testSplit() {
        if (testSplit == null) {
            testSplit = load(directory(), Split.TEST);
        }
        return testSplit;
    }

    /** Loads a split from the original idx files in {@code dir}, checking their headers. */
    public static Mnist load(Path dir, Split split) {
        float[] images = IdxFile.readImages(dir.resolve(split.prefix + "-images-idx3-ubyte"), SIDE, SIDE);
        int[] labels = IdxFile.readLabels(dir.resolve(split.prefix + "-labels-idx1-ubyte"));
        return new Mnist(images, labels);
    }

    public int size() {
        return labels.length;
    }

    /** The first {@code count} examples. */
    public Mnist head(int count) {
        int n = Math.min(count, size());
        return new Mnist(Arrays.copyOf(images, n * PIXELS), Arrays.copyOf(labels, n));
    }

    public float[] image(int index) {
        return Arrays.copyOfRange(images, index * PIXELS, (index + 1) * PIXELS);
    }

    /** The image starting at {@code offset} sampled bilinearly at (x, y), pixel centres at whole numbers. */
    public static float bilinear(float[] images, int offset, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double top = pixel(images, offset, x0, y0) * (1 - fx) + pixel(images, offset, x0 + 1, y0) * fx;
        double bottom = pixel(images, offset, x0, y0 + 1) * (1 - fx) + pixel(images, offset, x0 + 1, y0 + 1) * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    /** A pixel of the image starting at {@code offset}; background outside it. */
    public static float pixel(float[] images, int offset, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0 : images[offset + y * SIDE + x];
    }
}
