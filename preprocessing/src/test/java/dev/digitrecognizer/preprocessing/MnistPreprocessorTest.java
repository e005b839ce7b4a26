package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.mnist.InkBox;
import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.MnistFrame;
import org.junit.jupiter.api.Test;

class MnistPreprocessorTest {
    private static final int SIDE = Mnist.SIDE;

    /** A width x height map with a filled rectangle of ink. */
    private static InkMap rectangle(int width, int height, int left, int top, int w, int h) {
        float[] ink = new float[width * height];
        for (int y = top; y < top + h; y++) {
            for (int x = left; x < left + w; x++) {
                ink[y * width + x] = 1;
            }
        }
        return new InkMap(ink, width, height);
    }

    private static InkBox box(float[] field) {
        return MnistPreprocessor.boundingBox(new InkMap(field, SIDE, SIDE));
    }

    private static double[] centreOfMass(float[] field) {
        double mass = 0;
        double x = 0;
        double y = 0;
        for (int i = 0; i < field.length; i++) {
            mass += field[i];
            x += (i % SIDE + 0.5) * field[i];
            y += (i / SIDE + 0.5) * field[i];
        }
        return new double[] {x / mass, y / mass};
    }

    private static void assertCentred(float[] field) {
        double[] centre = centreOfMass(field);
        assertEquals(MnistFrame.CENTRE, centre[0], 0.5, "centre of mass x");
        assertEquals(MnistFrame.CENTRE, centre[1], 0.5, "centre of mass y");
    }

    @Test
    void anOffCentreDrawingIsCroppedScaledAndCentred() {
        float[] field = MnistPreprocessor.toMnist(rectangle(280, 280, 200, 10, 40, 80));
        InkBox box = box(field);
        assertEquals(20, box.height(), "the longer side is 20 px");
        assertEquals(10, box.width(), "the aspect ratio is kept");
        assertCentred(field);
    }

    @Test
    void aTinyDrawingIsScaledUpToTwentyPixels() {
        float[] field = MnistPreprocessor.toMnist(rectangle(280, 280, 100, 100, 3, 5));
        InkBox box = box(field);
        assertEquals(20, box.height());
        assertEquals(12, box.width());
        assertCentred(field);
    }

    @Test
    void aHugeImageIsScaledDown() {
        float[] field = MnistPreprocessor.toMnist(rectangle(4000, 3000, 1000, 200, 1200, 2400));
        InkBox box = box(field);
        assertEquals(20, box.height());
        assertEquals(10, box.width());
        assertCentred(field);
    }

    @Test
    void aThinLineKeepsItsInk() {
        float[] field = MnistPreprocessor.toMnist(rectangle(280, 280, 140, 20, 1, 240));
        InkBox box = box(field);
        assertEquals(20, box.height());
        assertEquals(1, box.width());
        float max = 0;
        for (float v : field) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max, 1e-6, "a one-pixel line is not averaged away");
    }

    @Test
    void aThickLineIsAreaAveraged() {
        // 200 x 55: scales by 0.1 to 20 x 5.5 -> 6 rows, the last one partly covered.
        float[] field = MnistPreprocessor.toMnist(rectangle(280, 280, 40, 100, 200, 55));
        InkBox box = box(field);
        assertEquals(20, box.width());
        assertEquals(6, box.height());
        float last = field[box.bottom() * SIDE + box.left() + 10];
        assertTrue(last > 0.4 && last < 0.6, "a half-covered row is half ink, not 0 or 1: " + last);
    }

    @Test
    void valuesStayInZeroToOne() {
        for (float v : MnistPreprocessor.toMnist(rectangle(100, 100, 5, 5, 90, 90))) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    void anEmptyMapHasNoDigit() {
        ImageRejected e =
                assertThrows(ImageRejected.class, () -> MnistPreprocessor.toMnist(new InkMap(new float[100], 10, 10)));
        assertEquals(ImageRejected.Reason.EMPTY, e.reason());
    }

    /**
     * MNIST digits already went through this normalisation, so an MNIST digit blown up ten times
     * onto a canvas must come back out as nearly the same 28x28 image.
     */
    @Test
    void anMnistDigitDrawnLargeComesBackAsItself() {
        Mnist test = Mnist.testSplit();
        double total = 0;
        int digits = 200;
        for (int i = 0; i < digits; i++) {
            float[] original = test.image(i);
            float[] result = MnistPreprocessor.toMnist(upscale(original, 10));
            total += correlation(original, result);
        }
        double mean = total / digits;
        assertTrue(mean > 0.99, "mean correlation with the original MNIST digit " + mean);
    }

    private static InkMap upscale(float[] digit, int factor) {
        int side = SIDE * factor;
        float[] ink = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                ink[y * side + x] = digit[(y / factor) * SIDE + x / factor];
            }
        }
        return new InkMap(ink, side, side);
    }

    private static double correlation(float[] a, float[] b) {
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < a.length; i++) {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= a.length;
        meanB /= b.length;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - meanA) * (b[i] - meanB);
            aa += (a[i] - meanA) * (a[i] - meanA);
            bb += (b[i] - meanB) * (b[i] - meanB);
        }
        return ab / Math.sqrt(aa * bb);
    }
}
