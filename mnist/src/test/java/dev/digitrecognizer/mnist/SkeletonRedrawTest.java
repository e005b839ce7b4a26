package dev.digitrecognizer.mnist;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A redraw along the skeleton keeps the digit whole: over MNIST's 10,000 test digits, the lines of
 * {@link Skeleton#points} and {@link Skeleton#faint} drawn a digit pixel thick, with {@link
 * Skeleton#solid}'s areas, come out in no more pieces than the scan's ink. A redraw in more pieces
 * has lost a stroke, and what is left can be another digit (a 9 with its loop open reads as a 5).
 */
class SkeletonRedrawTest {
    private static final int GRID = Skeleton.FACTOR;
    private static final int PAD = 4;
    private static final int SIDE = (Mnist.SIDE + 2 * PAD) * GRID;

    @Test
    void aRedrawIsInNoMorePiecesThanItsScan() {
        Mnist test = Mnist.testSplit();
        int brokenWithoutFaint = 0;
        int broken = 0;
        for (int i = 0; i < test.size(); i++) {
            float[] digit = test.image(i);
            InkBox box = Skeleton.inkBox(digit);
            int scan = pieces(scan(digit));
            boolean[] redraw = new boolean[SIDE * SIDE];
            dabs(redraw, Skeleton.points(digit, box), box, 1);
            dabs(redraw, Skeleton.solid(digit, box, PenLines.SOLID_DEPTH), box, PenLines.SOLID_DEPTH);
            brokenWithoutFaint += pieces(redraw) > scan ? 1 : 0;
            dabs(redraw, Skeleton.faint(digit, box), box, 1);
            broken += pieces(redraw) > scan ? 1 : 0;
        }
        System.out.printf(
                "redraws in more pieces than their scan: %d of %d (%d without the faint strokes)%n",
                broken, test.size(), brokenWithoutFaint);
        // 1 measured; 176 without Skeleton.faint
        assertTrue(broken <= 10, broken + " redraws lost a stroke");
    }

    /** The digit's ink above 0.2, sampled on the skeleton's grid. */
    private static boolean[] scan(float[] digit) {
        boolean[] on = new boolean[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double sx = (x + 0.5) / GRID - 0.5 - PAD;
                double sy = (y + 0.5) / GRID - 0.5 - PAD;
                boolean inside = sx >= 0 && sy >= 0 && sx <= Mnist.SIDE - 1 && sy <= Mnist.SIDE - 1;
                on[y * SIDE + x] = inside && Mnist.bilinear(digit, 0, sx, sy) > 0.2;
            }
        }
        return on;
    }

    /** Discs of {@code radius} digit pixels around the points, which count from the box's corner. */
    private static void dabs(boolean[] on, double[] points, InkBox box, double radius) {
        double reach = radius * GRID;
        int r = (int) Math.ceil(reach);
        for (int i = 0; i < points.length; i += 2) {
            int cx = (int) Math.round((box.left() + points[i] - 0.5 + PAD) * GRID);
            int cy = (int) Math.round((box.top() + points[i + 1] - 0.5 + PAD) * GRID);
            for (int dy = -r; dy <= r; dy++) {
                for (int dx = -r; dx <= r; dx++) {
                    int x = cx + dx;
                    int y = cy + dy;
                    if (dx * dx + dy * dy <= reach * reach && x >= 0 && y >= 0 && x < SIDE && y < SIDE) {
                        on[y * SIDE + x] = true;
                    }
                }
            }
        }
    }

    /** The 8-connected pieces of ink. */
    private static int pieces(boolean[] on) {
        boolean[] seen = new boolean[on.length];
        int[] queue = new int[on.length];
        int pieces = 0;
        for (int start = 0; start < on.length; start++) {
            if (!on[start] || seen[start]) {
                continue;
            }
            pieces++;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            while (head < tail) {
                int at = queue[head++];
                int x = at % SIDE;
                int y = at / SIDE;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx >= 0
                                && ny >= 0
                                && nx < SIDE
                                && ny < SIDE
                                && on[ny * SIDE + nx]
                                && !seen[ny * SIDE + nx]) {
                            seen[ny * SIDE + nx] = true;
                            queue[tail++] = ny * SIDE + nx;
                        }
                    }
                }
            }
        }
        return pieces;
    }
}
