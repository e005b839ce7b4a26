package dev.digitrecognizer.trainer.augment;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.preprocessing.DecodedImage;
import dev.digitrecognizer.preprocessing.ImageRejected;
import dev.digitrecognizer.preprocessing.Preprocessor;
import java.util.SplittableRandom;

/**
 * A digit as a low-resolution scan shows it once enlarged: averaged down to 8 to 16 px, scaled back
 * up smoothly (blurred) or by repeating pixels (blocky), a third of the time with the ink darkened
 * (bolder), then cropped and framed by the gateway's own preprocessing, halo and all. A scan so
 * faint that the gateway would find no ink in it stays as it was.
 */
final class LowResolution {
    private static final int SIDE = Mnist.SIDE;

    private LowResolution() {}

    static float[] rescan(float[] image, SplittableRandom random) {
        int small = random.nextInt(8, 17);
        float[] low = new float[small * small];
        double cell = (double) SIDE / small;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int sx = Math.min(small - 1, (int) (x / cell));
                int sy = Math.min(small - 1, (int) (y / cell));
                low[sy * small + sx] += (float) (image[y * SIDE + x] / (cell * cell));
            }
        }
        boolean blocky = random.nextInt(3) == 0;
        double gamma = random.nextInt(3) == 0 ? random.nextDouble(0.4, 0.8) : 1;
        byte[] rgb = new byte[SIDE * SIDE * 3];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double u = (x + 0.5) / cell - 0.5;
                double v = (y + 0.5) / cell - 0.5;
                float ink = blocky
                        ? low[Math.min(small - 1, (int) ((y) / cell)) * small + Math.min(small - 1, (int) (x / cell))]
                        : bilinear(low, small, u, v);
                ink = (float) Math.pow(Math.min(1, Math.max(0, ink)), gamma);
                byte grey = (byte) Math.round(255 * (1 - ink));
                int p = (y * SIDE + x) * 3;
                rgb[p] = grey;
                rgb[p + 1] = grey;
                rgb[p + 2] = grey;
            }
        }
        try {
            return Preprocessor.frame(new DecodedImage(rgb, 0, SIDE * 3, 3, SIDE, SIDE));
        } catch (ImageRejected faded) {
            return image;
        }
    }

    private static float bilinear(float[] image, int side, double x, double y) {
        x = Math.max(0, Math.min(side - 1, x));
        y = Math.max(0, Math.min(side - 1, y));
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(side - 1, x0 + 1);
        int y1 = Math.min(side - 1, y0 + 1);
        double fx = x - x0;
        double fy = y - y0;
        return (float) ((1 - fy) * ((1 - fx) * image[y0 * side + x0] + fx * image[y0 * side + x1])
                + fy * ((1 - fx) * image[y1 * side + x0] + fx * image[y1 * side + x1]));
    }
}
