package dev.digitrecognizer.trainer.feedback;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.preprocessing.DecodedImage;
import dev.digitrecognizer.preprocessing.Preprocessor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Digits in styles people draw and MNIST barely holds, drawn as a hand draws them on the page:
 * strokes with a tremor, a slant and a round pen of random width on a 280x280 canvas, framed by
 * the gateway's own preprocessing ({@link Preprocessor#frame}). They stand in for the drawings
 * users correct: one seed makes the corrections, another the drawings measured.
 */
public final class PenStyles {
    static final int CANVAS = 280;

    public enum Style {
        /**
         * A 1 with a long flag and no base, as much of continental Europe writes it: a long up-stroke
         * to the top, then straight down. The committed cnn and mlp read about half of them as a 7.
         */
        LONG_FLAG_ONE(1),
        /** A 7 drawn with the same pen: its nearest neighbour, which the models must keep reading right. */
        PLAIN_SEVEN(7),
        /** A 7 with a bar across its stem. */
        CROSSED_SEVEN(7);

        private final int label;

        Style(int label) {
            this.label = label;
        }

        public int label() {
            return label;
        }
    }

    private PenStyles() {}

    /** {@code count} drawings of the style as the model sees them, [count][784]. */
    public static float[] draw(Style style, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] images = new float[count * Mnist.PIXELS];
        for (int i = 0; i < count; i++) {
            System.arraycopy(draw(style, random), 0, images, i * Mnist.PIXELS, Mnist.PIXELS);
        }
        return images;
    }

    static float[] draw(Style style, SplittableRandom random) {
        List<double[]> strokes = switch (style) {
            case LONG_FLAG_ONE -> longFlagOne(random);
            case PLAIN_SEVEN -> seven(random, false);
            case CROSSED_SEVEN -> seven(random, true);
        };
        return framed(strokes, random);
    }

    /** Strokes in units of the digit's height: x to the right, y down from the top. */
    private static List<double[]> seven(SplittableRandom random, boolean crossed) {
        double width = random.nextDouble(0.5, 0.8);
        double leftY = random.nextDouble(0, 0.08);
        double rightY = random.nextDouble(0, 0.08);
        double footX = width * random.nextDouble(0.1, 0.45);
        double bend = random.nextDouble(-0.08, 0.08);
        List<double[]> strokes = new ArrayList<>();
        List<Double> top = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            // a serif: the pen comes down a little before the bar
            top.addAll(List.of(0.0, leftY + random.nextDouble(0.08, 0.16)));
        }
        top.addAll(List.of(0.0, leftY, width, rightY));
        double[] bar = new double[top.size()];
        for (int i = 0; i < bar.length; i++) {
            bar[i] = top.get(i);
        }
        strokes.add(bar);
        // the stem, a quadratic curve from the bar's right end to the foot
        int n = 12;
        double[] stem = new double[2 * (n + 1)];
        double cx = (width + footX) / 2 + bend;
        double cy = (rightY + 1) / 2;
        for (int k = 0; k <= n; k++) {
            double t = (double) k / n;
            stem[2 * k] = (1 - t) * (1 - t) * width + 2 * t * (1 - t) * cx + t * t * footX;
            stem[2 * k + 1] = (1 - t) * (1 - t) * rightY + 2 * t * (1 - t) * cy + t * t * 1;
        }
        strokes.add(stem);
        if (!crossed) {
            return strokes;
        }
        // the cross bar, about halfway down the stem
        int at = (int) Math.round(n * random.nextDouble(0.4, 0.6));
        double x = stem[2 * at];
        double y = stem[2 * at + 1];
        double left = width * random.nextDouble(0.2, 0.4);
        double right = width * random.nextDouble(0.2, 0.4);
        double tilt = random.nextDouble(-0.06, 0.06);
        strokes.add(new double[] {x - left, y + tilt * left, x + right, y - tilt * right});
        return strokes;
    }

    /** The flag 0.45 to 0.8 of the height long, 35 to 65 degrees below the horizontal. */
    private static List<double[]> longFlagOne(SplittableRandom random) {
        double stemX = 0.6;
        double flag = random.nextDouble(0.45, 0.8);
        double angle = Math.toRadians(random.nextDouble(35, 65));
        List<double[]> strokes = new ArrayList<>();
        strokes.add(new double[] {stemX - flag * Math.cos(angle), flag * Math.sin(angle), stemX, 0, stemX, 1});
        return strokes;
    }

    /** The strokes slanted, shaken, sized and placed on the canvas, drawn with a round pen, then framed. */
    private static float[] framed(List<double[]> strokes, SplittableRandom random) {
        double height = CANVAS * random.nextDouble(0.4, 0.8);
        double slant = random.nextDouble(-0.1, 0.3);
        double pen = Math.max(6, height * random.nextDouble(0.05, 0.15));
        double tremor = random.nextDouble(0, 0.025);
        double left = random.nextDouble(0.1, 0.4) * CANVAS;
        double top = random.nextDouble(0.05, 0.95) * (CANVAS - height);
        BufferedImage image = new BufferedImage(CANVAS, CANVAS, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, CANVAS, CANVAS);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setStroke(new BasicStroke((float) pen, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (double[] stroke : strokes) {
            Path2D.Double path = new Path2D.Double();
            boolean first = true;
            for (double[] point : shaken(stroke, tremor, random)) {
                double x = left + (point[0] + slant * (1 - point[1])) * height;
                double y = top + point[1] * height;
                if (first) {
                    path.moveTo(x, y);
                    first = false;
                } else {
                    path.lineTo(x, y);
                }
            }
            g.draw(path);
        }
        g.dispose();
        byte[] samples = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        return Preprocessor.frame(new DecodedImage(samples, 0, CANVAS * 3, 3, CANVAS, CANVAS));
    }

    /** The polyline cut into short steps, each moved by a smooth random wobble of about {@code tremor}. */
    private static List<double[]> shaken(double[] stroke, double tremor, SplittableRandom random) {
        List<double[]> points = new ArrayList<>();
        double wobbleX = 0;
        double wobbleY = 0;
        for (int i = 0; i + 2 < stroke.length; i += 2) {
            double length = Math.hypot(stroke[i + 2] - stroke[i], stroke[i + 3] - stroke[i + 1]);
            int steps = Math.max(2, (int) Math.ceil(length / 0.04));
            for (int s = i == 0 ? 0 : 1; s <= steps; s++) {
                double t = (double) s / steps;
                wobbleX = 0.7 * wobbleX + 0.3 * random.nextDouble(-1, 1) * tremor * 3;
                wobbleY = 0.7 * wobbleY + 0.3 * random.nextDouble(-1, 1) * tremor * 3;
                points.add(new double[] {
                    stroke[i] + t * (stroke[i + 2] - stroke[i]) + wobbleX,
                    stroke[i + 1] + t * (stroke[i + 3] - stroke[i + 1]) + wobbleY
                });
            }
        }
        return points;
    }
}
