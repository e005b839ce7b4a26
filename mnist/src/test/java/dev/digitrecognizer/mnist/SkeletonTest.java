package dev.digitrecognizer.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SkeletonTest {

    @Test
    void aBarThinsToItsCentreLine() {
        float[] bar = new float[Mnist.PIXELS];
        for (int y = 4; y < 24; y++) {
            for (int x = 12; x < 15; x++) {
                bar[y * Mnist.SIDE + x] = 1;
            }
        }
        InkBox box = Skeleton.inkBox(bar);
        assertEquals(new InkBox(12, 4, 14, 23), box);

        double[] points = Skeleton.points(bar, box);
        double top = Double.MAX_VALUE;
        double bottom = -Double.MAX_VALUE;
        for (int i = 0; i < points.length; i += 2) {
            assertEquals(1.5, points[i], 0.25, "x of point " + i / 2);
            top = Math.min(top, points[i + 1]);
            bottom = Math.max(bottom, points[i + 1]);
        }
        assertTrue(bottom - top >= 16, "the line runs " + (bottom - top) + " of the bar's 20 px");
        assertTrue(
                points.length / 2 <= (bottom - top) * Skeleton.FACTOR + 1, "one point per row: " + points.length / 2);
    }

    @Test
    void aFaintOrBlankImageHasNoSkeleton() {
        float[] faint = new float[Mnist.PIXELS];
        faint[14 * Mnist.SIDE + 14] = 0.3f;
        assertEquals(0, Skeleton.points(faint, Skeleton.inkBox(faint)).length);
        float[] blank = new float[Mnist.PIXELS];
        assertEquals(0, Skeleton.points(blank, Skeleton.inkBox(blank)).length);
    }

    @Test
    void onlyAnAreaInkedSolidHasPointsDeepInside() {
        float[] bar = new float[Mnist.PIXELS];
        float[] blot = new float[Mnist.PIXELS];
        for (int y = 4; y < 24; y++) {
            for (int x = 0; x < Mnist.SIDE; x++) {
                bar[y * Mnist.SIDE + x] = x >= 12 && x < 16 ? 1 : 0;
                blot[y * Mnist.SIDE + x] = (x - 14) * (x - 14) + (y - 14) * (y - 14) <= 25 ? 1 : 0;
            }
        }
        assertEquals(0, Skeleton.solid(bar, Skeleton.inkBox(bar), 3).length, "a line 4 px wide");

        InkBox box = Skeleton.inkBox(blot);
        double[] deep = Skeleton.solid(blot, box, 3);
        assertTrue(deep.length > 0, "a blot 11 px across");
        for (int i = 0; i < deep.length; i += 2) {
            // points count from the box's corner, pixel centres lie at whole numbers
            double x = box.left() + deep[i] - 0.5;
            double y = box.top() + deep[i + 1] - 0.5;
            assertTrue(Math.hypot(x - 14, y - 14) <= 2.6, "(" + x + ", " + y + ") lies 3 px inside the blot's edge");
        }
    }

    @Test
    void aStrokeDrawnFaintlyHasItsOwnLineAndADarkOnesSoftEdgeHasNone() {
        float[] bar = new float[Mnist.PIXELS];
        for (int y = 4; y < 24; y++) {
            for (int x = 11; x < 16; x++) {
                boolean core = x >= 12 && x < 15;
                bar[y * Mnist.SIDE + x] = y < 14 ? (core ? 1 : 0.3f) : (core ? 0.35f : 0);
            }
        }
        InkBox box = Skeleton.inkBox(bar);
        double darkBottom = -Double.MAX_VALUE;
        double[] dark = Skeleton.points(bar, box);
        for (int i = 1; i < dark.length; i += 2) {
            darkBottom = Math.max(darkBottom, box.top() + dark[i] - 0.5);
        }
        assertTrue(darkBottom < 14, "the dark half's line ends at " + darkBottom);

        double[] faint = Skeleton.faint(bar, box);
        double top = Double.MAX_VALUE;
        double bottom = -Double.MAX_VALUE;
        for (int i = 0; i < faint.length; i += 2) {
            assertEquals(13, box.left() + faint[i] - 0.5, 0.5, "x of faint point " + i / 2);
            top = Math.min(top, box.top() + faint[i + 1] - 0.5);
            bottom = Math.max(bottom, box.top() + faint[i + 1] - 0.5);
        }
        assertTrue(top <= darkBottom + 1.25, "the faint line starts at " + top + ", by the dark one's end");
        assertTrue(bottom >= 21, "the faint line runs down to " + bottom);
    }
}
