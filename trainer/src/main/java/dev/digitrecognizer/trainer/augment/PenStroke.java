package dev.digitrecognizer.trainer.augment;

import dev.digitrecognizer.mnist.MnistFrame;

/**
 * Redraws a digit's skeleton with a round pen and frames the result the way the gateway frames a
 * drawing: the ink's longer side scaled to 20 px, then the centre of mass put at the centre of
 * the 28x28 field. A browser drawing is made with a pen of constant width, often bolder than
 * the pens of the MNIST scans; this is what such a drawing looks like to the model.
 */
public final class PenStroke {
    private static final int BOX = MnistFrame.BOX;

    private PenStroke() {}

    /**
     * @param skeleton x, y pairs of the digit's skeleton, in digit pixels
     * @param penWidth the pen's width in digit pixels
     */
    public static float[] draw(double[] skeleton, double penWidth) {
        double radius = penWidth / 2;
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < skeleton.length; i += 2) {
            minX = Math.min(minX, skeleton[i] - radius);
            maxX = Math.max(maxX, skeleton[i] + radius);
            minY = Math.min(minY, skeleton[i + 1] - radius);
            maxY = Math.max(maxY, skeleton[i + 1] + radius);
        }
        double scale = BOX / Math.max(maxX - minX, maxY - minY);
        int width = Math.min(BOX, (int) Math.ceil((maxX - minX) * scale));
        int height = Math.min(BOX, (int) Math.ceil((maxY - minY) * scale));
        double r = radius * scale;
        float[] small = new float[width * height];
        for (int i = 0; i < skeleton.length; i += 2) {
            double cx = (skeleton[i] - minX) * scale;
            double cy = (skeleton[i + 1] - minY) * scale;
            for (int y = Math.max(0, (int) (cy - r - 1)); y < Math.min(height, (int) (cy + r + 2)); y++) {
                for (int x = Math.max(0, (int) (cx - r - 1)); x < Math.min(width, (int) (cx + r + 2)); x++) {
                    // Coverage of a pixel by the pen's disc, linear across the pixel at its rim.
                    double coverage = r + 0.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
                    int p = y * width + x;
                    small[p] = (float) Math.max(small[p], Math.min(1, coverage));
                }
            }
        }
        return MnistFrame.place(small, width, height);
    }
}
