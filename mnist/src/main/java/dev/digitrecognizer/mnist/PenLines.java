package dev.digitrecognizer.mnist;

import java.util.Arrays;

/**
 * What a pen traces to redraw a digit as its writer drew it: the centre lines of its strokes, the
 * dark ones ({@link Skeleton#points}) and the faint ones ({@link Skeleton#faint}), and the points
 * deep inside the areas the writer inked solid ({@link Skeleton#solid}), which the pen covers with
 * discs {@value #SOLID_DEPTH} digit pixels in radius. A redraw of the dark lines alone loses the
 * strokes drawn with a light touch, such as the top of a 9's loop, and can become another digit.
 * Points are x, y pairs in digit pixels from the top-left corner of {@code box}.
 */
public record PenLines(InkBox box, double[] lines, double[] solid) {
    /**
     * How deep inside the ink, in digit pixels, a point lies in an area inked solid rather than
     * drawn as a line: a loop filled in, or a bend gone blotted.
     */
    public static final double SOLID_DEPTH = 3;

    public static PenLines of(float[] digit) {
        InkBox box = Skeleton.inkBox(digit);
        double[] dark = Skeleton.points(digit, box);
        double[] faint = Skeleton.faint(digit, box);
        double[] lines = Arrays.copyOf(dark, dark.length + faint.length);
        System.arraycopy(faint, 0, lines, dark.length, faint.length);
        return new PenLines(box, lines, Skeleton.solid(digit, box, SOLID_DEPTH));
    }

    /** Whether a pen has nothing to trace: a blank image, or ink too faint for a line. */
    public boolean isEmpty() {
        return lines.length == 0 && solid.length == 0;
    }

    /**
     * The width of the pen over a solid area, for a pen {@code penWidth} wide, where a digit pixel
     * is {@code digitPixel} long in the units of both.
     */
    public static double solidWidth(double penWidth, double digitPixel) {
        return Math.max(penWidth, 2 * SOLID_DEPTH * digitPixel);
    }
}
