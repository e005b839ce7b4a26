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
}
