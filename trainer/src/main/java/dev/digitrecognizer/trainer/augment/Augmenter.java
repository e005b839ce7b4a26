package dev.digitrecognizer.trainer.augment;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.PenLines;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Makes a randomly varied copy of the training images for each epoch: a share of the images is
 * augmented, the rest stay as scanned. Every image draws its randomness from (seed, epoch, index)
 * alone, so an epoch is the same whatever the thread count.
 */
public final class Augmenter {
    private static final int SIDE = Mnist.SIDE;
    private static final double ELASTIC_SIGMA = 4;
    private static final double ELASTIC_ALPHA = 34;
    private static final float[] GAUSSIAN = gaussianKernel(ELASTIC_SIGMA);
    private static final int[][] CROSS = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};

    private final Mnist data;
    private final Set<Augmentation> augmentations;
    private final double share;
    private final long seed;
    /** Each image's lines, found the first time the image is redrawn with a pen. */
    private final PenLines[] lines;

    /** @param share the fraction of images augmented in each epoch, in (0, 1] */
    public Augmenter(Mnist data, Set<Augmentation> augmentations, double share, long seed) {
        this.data = data;
        this.augmentations = Set.copyOf(augmentations);
        this.share = share;
        this.seed = seed;
        this.lines = new PenLines[data.size()];
    }

    public float[] epoch(int epoch) {
        float[] out = new float[data.images().length];
        if (augmentations.isEmpty()) {
            System.arraycopy(data.images(), 0, out, 0, out.length);
            return out;
        }
        IntStream.range(0, data.size()).parallel().forEach(i -> {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch * 70_001L + i);
            if (random.nextDouble() < share) {
                augment(i, out, random);
            } else {
                System.arraycopy(data.images(), i * Mnist.PIXELS, out, i * Mnist.PIXELS, Mnist.PIXELS);
            }
        });
        return out;
    }

    private void augment(int index, float[] dst, SplittableRandom random) {
        double angle = has(Augmentation.ROTATE) ? Math.toRadians(random.nextDouble(-15, 15)) : 0;
        double scale = has(Augmentation.SCALE) ? random.nextDouble(0.85, 1.15) : 1;
        double aspect = has(Augmentation.SCALE) ? random.nextDouble(0.93, 1.07) : 1;
        double shiftX = has(Augmentation.SHIFT) ? random.nextDouble(-2, 2) : 0;
        double shiftY = has(Augmentation.SHIFT) ? random.nextDouble(-2, 2) : 0;
        boolean elastic = has(Augmentation.ELASTIC) && random.nextBoolean();
        float[] dx = elastic ? displacementField(random) : null;
        float[] dy = elastic ? displacementField(random) : null;
        // Drawn after the others, so that a recipe without strokes gets the numbers it always got.
        boolean stroke = has(Augmentation.STROKE) && random.nextBoolean();
        double penShare = stroke ? random.nextDouble(0.05, 0.22) : 0;
        float[] src = data.images();
        int srcOffset = index * Mnist.PIXELS;
        if (stroke) {
            src = redrawn(index, penShare);
            srcOffset = 0;
        }

        // Inverse mapping: for each output pixel, where to sample in the source image.
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double sx = scale * aspect;
        double sy = scale / aspect;
        double centre = (SIDE - 1) / 2.0;
        float[] warped = new float[Mnist.PIXELS];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int p = y * SIDE + x;
                double ox = x - centre - shiftX + (dx == null ? 0 : dx[p]);
                double oy = y - centre - shiftY + (dy == null ? 0 : dy[p]);
                double u = (cos * ox + sin * oy) / sx + centre;
                double v = (-sin * ox + cos * oy) / sy + centre;
                warped[p] = Mnist.bilinear(src, srcOffset, u, v);
            }
        }
        if (has(Augmentation.THICKNESS) && !stroke) {
            warped = changeThickness(warped, random);
        }
        if (has(Augmentation.LOWRES) && random.nextInt(3) == 0) {
            warped = LowResolution.rescan(warped, random);
        }
        System.arraycopy(warped, 0, dst, index * Mnist.PIXELS, Mnist.PIXELS);
    }

    /** The image drawn with a pen {@code penShare} of its height wide; the scan if it has no lines. */
    private float[] redrawn(int index, double penShare) {
        float[] digit = data.image(index);
        if (lines[index] == null) {
            lines[index] = PenLines.of(digit);
        }
        PenLines pen = lines[index];
        return pen.isEmpty() ? digit : PenStroke.draw(pen, penShare * pen.box().height());
    }

    private boolean has(Augmentation augmentation) {
        return augmentations.contains(augmentation);
    }

    /** Uniform noise in [-1,1], smoothed by a Gaussian, times alpha. */
    private static float[] displacementField(SplittableRandom random) {
        float[] field = new float[Mnist.PIXELS];
        for (int i = 0; i < field.length; i++) {
            field[i] = (float) random.nextDouble(-1, 1);
        }
        float[] smooth = convolveSeparable(field);
        for (int i = 0; i < smooth.length; i++) {
            smooth[i] *= (float) ELASTIC_ALPHA;
        }
        return smooth;
    }

    private static float[] convolveSeparable(float[] image) {
        int radius = GAUSSIAN.length / 2;
        float[] rows = new float[Mnist.PIXELS];
        float[] out = new float[Mnist.PIXELS];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    sum += GAUSSIAN[k + radius] * Mnist.pixel(image, 0, x + k, y);
                }
                rows[y * SIDE + x] = sum;
            }
        }
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    sum += GAUSSIAN[k + radius] * Mnist.pixel(rows, 0, x, y + k);
                }
                out[y * SIDE + x] = sum;
            }
        }
        return out;
    }

    private static float[] gaussianKernel(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double total = 0;
        for (int i = -radius; i <= radius; i++) {
            total += kernel[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= (float) total;
        }
        return kernel;
    }

    /** A third of images get bolder strokes, a third thinner, a third stay as they are. */
    private static float[] changeThickness(float[] image, SplittableRandom random) {
        int kind = random.nextInt(3);
        if (kind == 2) {
            return image;
        }
        boolean bolder = kind == 0;
        float amount = (float) random.nextDouble(0, bolder ? 1 : 0.6);
        float[] out = new float[Mnist.PIXELS];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float extreme = image[y * SIDE + x];
                for (int[] d : CROSS) {
                    float neighbour = Mnist.pixel(image, 0, x + d[0], y + d[1]);
                    extreme = bolder ? Math.max(extreme, neighbour) : Math.min(extreme, neighbour);
                }
                float value = image[y * SIDE + x];
                out[y * SIDE + x] = value + amount * (extreme - value);
            }
        }
        return out;
    }
}
