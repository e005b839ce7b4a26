package dev.digitrecognizer.mnist;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Renders MNIST test digits the way a browser canvas hands over a drawing: 280x280 RGBA, a
 * transparent background and black ink, at a random size (ink 35 to 85% of the canvas height)
 * and an off-centre position. A digit is either the scanned glyph scaled up, or its skeleton
 * redrawn with a round brush 12 to 22 px wide, the way a mouse draws.
 */
public final class CanvasRenderer {
    public static final int CANVAS = 280;

    public enum Style { SCALED_GLYPH, ROUND_BRUSH }

    private CanvasRenderer() {
    }

    public static BufferedImage render(float[] digit, Style style, SplittableRandom random) {
        int[] box = Skeleton.inkBox(digit);
        int digitHeight = box[3] - box[1] + 1;
        int digitWidth = box[2] - box[0] + 1;
        double inkHeight = random.nextDouble(0.35, 0.85) * CANVAS;
        double scale = inkHeight / digitHeight;
        if (digitWidth * scale > CANVAS * 0.9) {
            scale = CANVAS * 0.9 / digitWidth;
        }
        double width = digitWidth * scale;
        double height = digitHeight * scale;
        double left = random.nextDouble(0, CANVAS - width);
        double top = random.nextDouble(0, CANVAS - height);

        BufferedImage canvas = new BufferedImage(CANVAS, CANVAS, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        if (style == Style.SCALED_GLYPH) {
            g.drawImage(glyph(digit, box), (int) left, (int) top, (int) Math.round(width), (int) Math.round(height), null);
        } else {
            double brush = random.nextDouble(12, 22);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke((float) brush, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            double[] points = Skeleton.points(digit, box);
            for (int i = 0; i < points.length; i += 2) {
                double x = left + points[i] * scale;
                double y = top + points[i + 1] * scale;
                g.fill(new Ellipse2D.Double(x - brush / 2, y - brush / 2, brush, brush));
            }
        }
        g.dispose();
        return canvas;
    }

    /** The digit's ink box as black ink in the alpha channel. */
    private static BufferedImage glyph(float[] digit, int[] box) {
        int w = box[2] - box[0] + 1;
        int h = box[3] - box[1] + 1;
        BufferedImage glyph = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int alpha = Math.round(digit[(box[1] + y) * Mnist.SIDE + box[0] + x] * 255);
                glyph.setRGB(x, y, alpha << 24);
            }
        }
        return glyph;
    }
}
