package dev.digitrecognizer.mnist;


import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
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
        int[] box = inkBox(digit);
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
            for (double[] point : skeleton(digit, box, 4)) {
                double x = left + (point[0] + 0.5) * scale / 4;
                double y = top + (point[1] + 0.5) * scale / 4;
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

    /** Skeleton points (Zhang-Suen thinning) of the digit upsampled {@code factor} times, in upsampled pixels. */
    private static List<double[]> skeleton(float[] digit, int[] box, int factor) {
        int w = (box[2] - box[0] + 1) * factor + 2;
        int h = (box[3] - box[1] + 1) * factor + 2;
        boolean[] on = new boolean[w * h];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                double sx = box[0] + (x - 1 + 0.5) / factor - 0.5;
                double sy = box[1] + (y - 1 + 0.5) / factor - 0.5;
                on[y * w + x] = bilinear(digit, sx, sy) > 0.5;
            }
        }
        thin(on, w, h);
        List<double[]> points = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (on[y * w + x]) {
                    points.add(new double[] {x - 1, y - 1});
                }
            }
        }
        return points;
    }

    private static void thin(boolean[] on, int w, int h) {
        boolean changed = true;
        List<Integer> remove = new ArrayList<>();
        while (changed) {
            changed = false;
            for (int pass = 0; pass < 2; pass++) {
                remove.clear();
                for (int y = 1; y < h - 1; y++) {
                    for (int x = 1; x < w - 1; x++) {
                        if (!on[y * w + x]) {
                            continue;
                        }
                        boolean[] p = {
                            on[(y - 1) * w + x], on[(y - 1) * w + x + 1], on[y * w + x + 1], on[(y + 1) * w + x + 1],
                            on[(y + 1) * w + x], on[(y + 1) * w + x - 1], on[y * w + x - 1], on[(y - 1) * w + x - 1]};
                        int neighbours = 0;
                        int transitions = 0;
                        for (int i = 0; i < 8; i++) {
                            neighbours += p[i] ? 1 : 0;
                            transitions += !p[i] && p[(i + 1) % 8] ? 1 : 0;
                        }
                        boolean a = pass == 0 ? !(p[0] && p[2] && p[4]) : !(p[0] && p[2] && p[6]);
                        boolean b = pass == 0 ? !(p[2] && p[4] && p[6]) : !(p[0] && p[4] && p[6]);
                        if (neighbours >= 2 && neighbours <= 6 && transitions == 1 && a && b) {
                            remove.add(y * w + x);
                        }
                    }
                }
                for (int index : remove) {
                    on[index] = false;
                }
                changed |= !remove.isEmpty();
            }
        }
    }

    private static float bilinear(float[] digit, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (float) ((1 - fy) * ((1 - fx) * at(digit, x0, y0) + fx * at(digit, x0 + 1, y0))
                + fy * ((1 - fx) * at(digit, x0, y0 + 1) + fx * at(digit, x0 + 1, y0 + 1)));
    }

    private static float at(float[] digit, int x, int y) {
        return x < 0 || y < 0 || x >= Mnist.SIDE || y >= Mnist.SIDE ? 0 : digit[y * Mnist.SIDE + x];
    }

    private static int[] inkBox(float[] digit) {
        int minX = Mnist.SIDE;
        int minY = Mnist.SIDE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < Mnist.SIDE; y++) {
            for (int x = 0; x < Mnist.SIDE; x++) {
                if (digit[y * Mnist.SIDE + x] > 0.1f) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return new int[] {minX, minY, maxX, maxY};
    }
}
