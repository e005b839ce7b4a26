package dev.digitrecognizer.trainer.synth;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Shapes and doodles people draw that are not digits, drawn with a round pen as on the page:
 * polygons, stars, hearts, arrows, crosses, ticks, spirals, waves, zigzags, grids, smileys, suns,
 * flowers, houses, stick figures, clouds, hatching and free scribbles. A lone circle or ellipse is
 * left out: drawn by hand, it is a zero.
 */
final class Doodles {
    enum Kind {
        POLYGON,
        STAR,
        HEART,
        ARROW,
        CROSS,
        TICK,
        SPIRAL,
        WAVE,
        ZIGZAG,
        GRID,
        SMILEY,
        SUN,
        FLOWER,
        HOUSE,
        STICK_FIGURE,
        CLOUD,
        HATCHING,
        SCRIBBLE,
        BLOB,
        LIGHTNING,
        MOON,
        FISH
    }

    private Doodles() {}

    static float[] draw(SplittableRandom random) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        List<Shape> strokes = new ArrayList<>();
        boolean filled = shapes(kind, random, strokes);
        Path2D all = new Path2D.Double();
        strokes.forEach(s -> all.append(s, false));
        Rectangle2D box = all.getBounds2D();
        AffineTransform shape = new AffineTransform();
        shape.rotate(Math.toRadians(random.nextDouble(-25, 25)));
        shape.scale(random.nextDouble(0.75, 1.3), 1);
        shape.translate(-box.getCenterX(), -box.getCenterY());
        Rectangle2D turned = shape.createTransformedShape(all).getBounds2D();
        double margin = 14;
        double scale = (Sketch.SIDE - 2 * margin) / Math.max(turned.getWidth(), turned.getHeight());
        AffineTransform place = new AffineTransform();
        place.translate(Sketch.SIDE / 2.0, Sketch.SIDE / 2.0);
        place.scale(scale, scale);
        place.translate(-turned.getCenterX(), -turned.getCenterY());
        place.concatenate(shape);
        try (Sketch sketch = new Sketch()) {
            sketch.pen(random.nextDouble(1.5, 11));
            for (Shape stroke : strokes) {
                Shape placed = place.createTransformedShape(stroke);
                if (filled) {
                    sketch.g.fill(placed);
                }
                sketch.g.draw(placed);
            }
            return sketch.framed();
        }
    }

    /** Adds the kind's strokes in unit coordinates; true if they are to be filled. */
    private static boolean shapes(Kind kind, SplittableRandom r, List<Shape> out) {
        switch (kind) {
            case POLYGON -> out.add(polygon(r.nextInt(3, 9), r, r.nextDouble(0, 0.15)));
            case STAR -> out.add(star(r.nextInt(4, 9), r.nextDouble(0.3, 0.55), r));
            case HEART -> out.add(heart());
            case ARROW -> arrow(r, out);
            case CROSS -> {
                out.add(line(0, 0, 1, 1));
                out.add(line(1, 0, 0, 1));
                if (r.nextBoolean()) {
                    out.add(line(0.5, -0.1, 0.5, 1.1));
                    out.add(line(-0.1, 0.5, 1.1, 0.5));
                }
            }
            case TICK -> out.add(polyline(0, 0.55, 0.35, 1, 1, 0));
            case SPIRAL -> out.add(spiral(r.nextDouble(1.5, 4), r.nextBoolean()));
            case WAVE -> {
                double periods = r.nextDouble(1.5, 4);
                double height = r.nextDouble(0.1, 0.4);
                int rows = r.nextInt(1, 4);
                for (int row = 1; row < rows; row++) {
                    out.add(wave(periods, height, row * 0.5));
                }
                out.add(wave(periods, height, 0));
            }
            case ZIGZAG -> out.add(zigzag(r.nextInt(3, 9), r.nextDouble(0.2, 0.6)));
            case GRID -> grid(r.nextInt(2, 5), r.nextInt(2, 5), out);
            case SMILEY -> smiley(r, out);
            case SUN -> {
                out.add(new Ellipse2D.Double(0.3, 0.3, 0.4, 0.4));
                int rays = r.nextInt(6, 13);
                for (int i = 0; i < rays; i++) {
                    double a = 2 * Math.PI * i / rays;
                    out.add(line(
                            0.5 + 0.3 * Math.cos(a),
                            0.5 + 0.3 * Math.sin(a),
                            0.5 + 0.5 * Math.cos(a),
                            0.5 + 0.5 * Math.sin(a)));
                }
            }
            case FLOWER -> {
                int petals = r.nextInt(4, 9);
                for (int i = 0; i < petals; i++) {
                    double a = 2 * Math.PI * i / petals;
                    Shape petal = new Ellipse2D.Double(-0.1, -0.35, 0.2, 0.3);
                    AffineTransform t = AffineTransform.getTranslateInstance(0.5, 0.5);
                    t.rotate(a);
                    out.add(t.createTransformedShape(petal));
                }
                out.add(new Ellipse2D.Double(0.43, 0.43, 0.14, 0.14));
                if (r.nextBoolean()) {
                    out.add(line(0.5, 0.9, 0.5, 1.6));
                }
            }
            case HOUSE -> {
                out.add(polyline(0.1, 0.45, 0.1, 1, 0.9, 1, 0.9, 0.45, 0.1, 0.45));
                out.add(polyline(0, 0.5, 0.5, 0, 1, 0.5));
                out.add(polyline(0.4, 1, 0.4, 0.7, 0.6, 0.7, 0.6, 1));
            }
            case STICK_FIGURE -> {
                out.add(new Ellipse2D.Double(0.35, 0, 0.3, 0.25));
                out.add(line(0.5, 0.25, 0.5, 0.65));
                out.add(line(0.15, 0.4, 0.85, 0.4));
                out.add(polyline(0.25, 1, 0.5, 0.65, 0.75, 1));
            }
            case CLOUD -> out.add(cloud(r.nextInt(5, 10), r));
            case HATCHING -> {
                int lines = r.nextInt(3, 9);
                for (int i = 0; i < lines; i++) {
                    double x = (double) i / lines;
                    out.add(line(x, 0, x + 0.4, 1));
                }
            }
            case SCRIBBLE -> out.add(scribble(r.nextInt(6, 20), r));
            case BLOB -> {
                out.add(polygon(r.nextInt(5, 10), r, 0.25));
                return true;
            }
            case LIGHTNING -> out.add(polyline(0.6, 0, 0.2, 0.55, 0.55, 0.5, 0.3, 1, 0.85, 0.4, 0.5, 0.45, 0.8, 0));
            case MOON -> {
                Path2D moon = new Path2D.Double();
                moon.append(new Arc2D.Double(0, 0, 1, 1, 60, 240, Arc2D.OPEN), false);
                moon.append(new Arc2D.Double(0.3, 0.1, 0.6, 0.8, 270, -180, Arc2D.OPEN), true);
                out.add(moon);
            }
            case FISH -> {
                out.add(new Ellipse2D.Double(0, 0.25, 0.7, 0.5));
                out.add(polyline(0.7, 0.5, 1, 0.25, 1, 0.75, 0.7, 0.5));
                out.add(new Ellipse2D.Double(0.12, 0.4, 0.06, 0.06));
            }
        }
        if (r.nextInt(5) == 0) {
            jitter(out, r);
        }
        return false;
    }

    private static Shape line(double x1, double y1, double x2, double y2) {
        return polyline(x1, y1, x2, y2);
    }

    private static Path2D polyline(double... xy) {
        Path2D path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        return path;
    }

    private static Path2D polygon(int sides, SplittableRandom r, double irregular) {
        double start = r.nextDouble(0, Math.PI);
        double[] radii = new double[sides];
        for (int i = 0; i < sides; i++) {
            radii[i] = 0.5 * (1 + r.nextDouble(-irregular, irregular));
        }
        return around(start, radii);
    }

    private static Path2D star(int points, double inner, SplittableRandom r) {
        double start = r.nextDouble(0, Math.PI);
        double[] radii = new double[2 * points];
        for (int i = 0; i < radii.length; i++) {
            radii[i] = i % 2 == 0 ? 0.5 : 0.5 * inner;
        }
        return around(start, radii);
    }

    /** The closed outline through points spread evenly round the centre, from angle {@code start}. */
    private static Path2D around(double start, double[] radii) {
        Path2D path = new Path2D.Double();
        for (int i = 0; i < radii.length; i++) {
            double a = start + 2 * Math.PI * i / radii.length;
            double x = 0.5 + radii[i] * Math.cos(a);
            double y = 0.5 + radii[i] * Math.sin(a);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        path.closePath();
        return path;
    }

    private static Path2D heart() {
        Path2D path = new Path2D.Double();
        path.moveTo(0.5, 0.3);
        path.curveTo(0.5, 0, 0, 0, 0, 0.35);
        path.curveTo(0, 0.6, 0.35, 0.75, 0.5, 1);
        path.curveTo(0.65, 0.75, 1, 0.6, 1, 0.35);
        path.curveTo(1, 0, 0.5, 0, 0.5, 0.3);
        return path;
    }

    private static void arrow(SplittableRandom r, List<Shape> out) {
        out.add(line(0, 0.5, 1, 0.5));
        out.add(polyline(0.7, 0.25, 1, 0.5, 0.7, 0.75));
        if (r.nextBoolean()) {
            out.add(polyline(0.3, 0.25, 0, 0.5, 0.3, 0.75));
        }
    }

    private static Path2D spiral(double turns, boolean square) {
        Path2D path = new Path2D.Double();
        int steps = (int) (turns * (square ? 4 : 40));
        for (int i = 0; i <= steps; i++) {
            double t = (double) i / steps;
            double a = 2 * Math.PI * turns * t;
            double radius = 0.05 + 0.45 * t;
            double x = 0.5 + radius * Math.cos(a);
            double y = 0.5 + radius * Math.sin(a);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        return path;
    }

    private static Path2D wave(double periods, double height, double y0) {
        Path2D path = new Path2D.Double();
        for (int i = 0; i <= 80; i++) {
            double x = i / 80.0;
            double y = y0 + height * Math.sin(2 * Math.PI * periods * x);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        return path;
    }

    private static Path2D zigzag(int teeth, double height) {
        Path2D path = new Path2D.Double();
        path.moveTo(0, 0);
        for (int i = 1; i <= teeth; i++) {
            path.lineTo((double) i / teeth, i % 2 == 0 ? 0 : height);
        }
        return path;
    }

    private static void grid(int across, int down, List<Shape> out) {
        for (int i = 0; i < across; i++) {
            double x = (i + 0.5) / across;
            out.add(line(x, 0, x, 1));
        }
        for (int i = 0; i < down; i++) {
            double y = (i + 0.5) / down;
            out.add(line(0, y, 1, y));
        }
    }

    private static void smiley(SplittableRandom r, List<Shape> out) {
        out.add(new Ellipse2D.Double(0, 0, 1, 1));
        out.add(new Ellipse2D.Double(0.28, 0.28, 0.1, 0.12));
        out.add(new Ellipse2D.Double(0.62, 0.28, 0.1, 0.12));
        double mood = r.nextBoolean() ? 0.2 : -0.12;
        Path2D mouth = new Path2D.Double();
        mouth.moveTo(0.25, 0.65);
        mouth.quadTo(0.5, 0.65 + mood, 0.75, 0.65);
        out.add(mouth);
    }

    private static Path2D cloud(int bumps, SplittableRandom r) {
        Path2D path = new Path2D.Double();
        double[] xs = new double[bumps + 1];
        double[] ys = new double[bumps + 1];
        for (int i = 0; i <= bumps; i++) {
            double a = 2 * Math.PI * i / bumps;
            xs[i] = 0.5 + 0.5 * Math.cos(a);
            ys[i] = 0.5 + 0.3 * Math.sin(a);
        }
        path.moveTo(xs[0], ys[0]);
        for (int i = 1; i <= bumps; i++) {
            double mx = (xs[i - 1] + xs[i]) / 2;
            double my = (ys[i - 1] + ys[i]) / 2;
            double out = 0.15 + r.nextDouble(0, 0.1);
            double cx = 0.5 + (mx - 0.5) * (1 + out * 2);
            double cy = 0.5 + (my - 0.5) * (1 + out * 3);
            path.quadTo(cx, cy, xs[i], ys[i]);
        }
        return path;
    }

    private static Path2D scribble(int points, SplittableRandom r) {
        Path2D path = new Path2D.Double();
        double x = r.nextDouble();
        double y = r.nextDouble();
        path.moveTo(x, y);
        for (int i = 0; i < points; i++) {
            double cx = r.nextDouble();
            double cy = r.nextDouble();
            x = r.nextDouble();
            y = r.nextDouble();
            path.quadTo(cx, cy, x, y);
        }
        return path;
    }

    /** A hand's tremor: every stroke flattened to points, each moved a little. */
    private static void jitter(List<Shape> strokes, SplittableRandom r) {
        for (int s = 0; s < strokes.size(); s++) {
            Path2D shaky = new Path2D.Double();
            double[] c = new double[6];
            boolean first = true;
            for (var it = strokes.get(s).getPathIterator(null, 0.01); !it.isDone(); it.next()) {
                int type = it.currentSegment(c);
                double x = c[0] + r.nextDouble(-0.015, 0.015);
                double y = c[1] + r.nextDouble(-0.015, 0.015);
                if (type == PathIterator.SEG_MOVETO || first) {
                    shaky.moveTo(x, y);
                    first = false;
                } else if (type == PathIterator.SEG_CLOSE) {
                    shaky.closePath();
                } else {
                    shaky.lineTo(x, y);
                }
            }
            strokes.set(s, shaky);
        }
    }
}
