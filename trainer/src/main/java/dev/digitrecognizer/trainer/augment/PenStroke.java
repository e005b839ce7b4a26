package dev.digitrecognizer.trainer.augment;

import dev.digitrecognizer.mnist.MnistFrame;
import dev.digitrecognizer.mnist.PenLines;

/**
 * Redraws a digit's {@link PenLines} with a round pen and frames the result the way the gateway
 * frames a drawing: the ink's longer side scaled to 20 px, then the centre of mass put at the
 * centre of the 28x28 field. A browser drawing is made with a pen of constant width, often bolder
 * than the pens of the MNIST scans; this is what such a drawing looks like to the model.
 */
public final class PenStroke {
    private static final int BOX = MnistFrame.BOX;

    private PenStroke() {}

    /** @param penWidth the pen's width in digit pixels */
    public static float[] draw(PenLines lines, double penWidth) {
        double radius = penWidth / 2;
        double solidRadius = PenLines.solidWidth(penWidth, 1) / 2;
        double[] bounds = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        extend(bounds, lines.lines(), radius);
        extend(bounds, lines.solid(), solidRadius);
        double minX = bounds[0];
        double minY = bounds[1];
        double scale = BOX / Math.max(bounds[2] - minX, bounds[3] - minY);
        int width = Math.min(BOX, (int) Math.ceil((bounds[2] - minX) * scale));
        int height = Math.min(BOX, (int) Math.ceil((bounds[3] - minY) * scale));
        float[] small = new float[width * height];
        dabs(small, width, height, lines.lines(), minX, minY, scale, radius * scale);
        dabs(small, width, height, lines.solid(), minX, minY, scale, solidRadius * scale);
        return MnistFrame.place(small, width, height);
    }

    /** Widens [minX, minY, maxX, maxY] to hold discs of {@code radius} around the points. */
    private static void extend(double[] bounds, double[] points, double radius) {
        for (int i = 0; i < points.length; i += 2) {
            bounds[0] = Math.min(bounds[0], points[i] - radius);
            bounds[1] = Math.min(bounds[1], points[i + 1] - radius);
            bounds[2] = Math.max(bounds[2], points[i] + radius);
            bounds[3] = Math.max(bounds[3], points[i + 1] + radius);
        }
    }

    private static void dabs(
            float[] small, int width, int height, double[] points, double minX, double minY, double scale, double r) {
        for (int i = 0; i < points.length; i += 2) {
            double cx = (points[i] - minX) * scale;
            double cy = (points[i + 1] - minY) * scale;
            for (int y = Math.max(0, (int) (cy - r - 1)); y < Math.min(height, (int) (cy + r + 2)); y++) {
                for (int x = Math.max(0, (int) (cx - r - 1)); x < Math.min(width, (int) (cx + r + 2)); x++) {
                    // Coverage of a pixel by the pen's disc, linear across the pixel at its rim.
                    double coverage = r + 0.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
                    int p = y * width + x;
                    small[p] = (float) Math.max(small[p], Math.min(1, coverage));
                }
            }
        }
    }
}
