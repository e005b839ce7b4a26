package dev.digitrecognizer.mnist;

import java.util.ArrayList;
import java.util.List;

/**
 * The centre line of an MNIST digit: the digit upsampled {@value #FACTOR} times, thresholded at
 * half ink and thinned (Zhang-Suen) to one pixel. Redrawing it with a round brush gives the digit
 * as a pen or a mouse would draw it.
 */
public final class Skeleton {
    public static final int FACTOR = 4;
    private static final double HALF = 0.5;
    /** The least ink {@link #faint} takes for a stroke. */
    private static final double FAINT = 0.2;

    private Skeleton() {}

    /** The box of the pixels above 0.1. */
    public static InkBox inkBox(float[] digit) {
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
        return new InkBox(minX, minY, maxX, maxY);
    }

    /**
     * The skeleton's points as x, y pairs, in digit pixels from the top-left corner of the ink
     * box {@code box}, a quarter of a pixel apart; none for a blank image.
     */
    public static double[] points(float[] digit, InkBox box) {
        if (box.isEmpty()) {
            return new double[0];
        }
        return thinned(digit, box, HALF).points();
    }

    /**
     * The centre lines of the strokes a writer drew faintly, on the grid of {@link #points}: the
     * skeleton of the ink above {@value #FAINT}, where it lies more than a digit pixel from the
     * skeleton of half ink that {@link #points} gives. Along a dark stroke the two lines run
     * together, so what is left is a stroke of its own, which a redraw without it loses: the top of
     * a 9's loop, the join of a 5's bar. None when every stroke is dark.
     */
    public static double[] faint(float[] digit, InkBox box) {
        if (box.isEmpty()) {
            return new double[0];
        }
        Mask dark = thinned(digit, box, HALF);
        Mask light = thinned(digit, box, FAINT);
        List<int[]> pixel = disc(FACTOR);
        boolean[] apart = new boolean[light.on.length];
        for (int y = 0; y < light.h; y++) {
            for (int x = 0; x < light.w; x++) {
                apart[y * light.w + x] = light.on[y * light.w + x] && !dark.touches(x, y, pixel);
            }
        }
        return new Mask(apart, light.w, light.h).points();
    }

    /**
     * The points of the digit's ink, on the grid of {@link #points}, that lie at least {@code
     * radius} digit pixels inside it: where the writer's pen filled an area, such as a loop inked
     * solid, rather than drew a line. The skeleton reduces such an area to a line; discs of that
     * radius around these points cover it again. None for a blank image or one drawn in lines only.
     */
    public static double[] solid(float[] digit, InkBox box, double radius) {
        if (box.isEmpty()) {
            return new double[0];
        }
        Mask mask = Mask.of(digit, box, HALF);
        List<int[]> disc = disc(radius * FACTOR);
        boolean[] inside = new boolean[mask.on.length];
        for (int y = 0; y < mask.h; y++) {
            for (int x = 0; x < mask.w; x++) {
                inside[y * mask.w + x] = mask.covers(x, y, disc);
            }
        }
        return new Mask(inside, mask.w, mask.h).points();
    }

    /** The digit's ink above {@code ink}, thinned to its centre lines. */
    private static Mask thinned(float[] digit, InkBox box, double ink) {
        Mask mask = Mask.of(digit, box, ink);
        thin(mask.on, mask.w, mask.h);
        return mask;
    }

    /** The offsets within {@code reach} grid pixels of a pixel. */
    private static List<int[]> disc(double reach) {
        int r = (int) Math.ceil(reach);
        List<int[]> disc = new ArrayList<>();
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                if (dx * dx + dy * dy <= reach * reach) {
                    disc.add(new int[] {dx, dy});
                }
            }
        }
        return disc;
    }

    /** The digit upsampled {@value #FACTOR} times and thresholded at {@code ink}, with a blank border of one pixel. */
    private record Mask(boolean[] on, int w, int h) {
        static Mask of(float[] digit, InkBox box, double ink) {
            int w = box.width() * FACTOR + 2;
            int h = box.height() * FACTOR + 2;
            boolean[] on = new boolean[w * h];
            for (int y = 1; y < h - 1; y++) {
                for (int x = 1; x < w - 1; x++) {
                    double sx = box.left() + (x - 1 + 0.5) / FACTOR - 0.5;
                    double sy = box.top() + (y - 1 + 0.5) / FACTOR - 0.5;
                    on[y * w + x] = Mnist.bilinear(digit, 0, sx, sy) > ink;
                }
            }
            return new Mask(on, w, h);
        }

        /** Whether any offset of {@code disc} from (x, y) is on. */
        boolean touches(int x, int y, List<int[]> disc) {
            for (int[] d : disc) {
                int px = x + d[0];
                int py = y + d[1];
                if (px >= 0 && py >= 0 && px < w && py < h && on[py * w + px]) {
                    return true;
                }
            }
            return false;
        }

        /** Whether every offset of {@code disc} from (x, y) is on. */
        boolean covers(int x, int y, List<int[]> disc) {
            for (int[] d : disc) {
                int px = x + d[0];
                int py = y + d[1];
                if (px < 0 || py < 0 || px >= w || py >= h || !on[py * w + px]) {
                    return false;
                }
            }
            return true;
        }

        /** The pixels that are on, as x, y pairs in digit pixels from the ink box's top-left corner. */
        double[] points() {
            int count = 0;
            for (boolean pixel : on) {
                count += pixel ? 1 : 0;
            }
            double[] points = new double[2 * count];
            int n = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (on[y * w + x]) {
                        points[n++] = (x - 1 + 0.5) / FACTOR;
                        points[n++] = (y - 1 + 0.5) / FACTOR;
                    }
                }
            }
            return points;
        }
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
                            on[(y + 1) * w + x], on[(y + 1) * w + x - 1], on[y * w + x - 1], on[(y - 1) * w + x - 1]
                        };
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
}
