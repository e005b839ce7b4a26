package dev.digitrecognizer.mnist;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Framing gives a digit MNIST's solid core: a digit that has one, as MNIST's digits have, is only
 * scaled by its strongest pixel, and a blurred scan is brightened until it has one.
 */
class MnistFrameTest {
    @Test
    void mnistDigitsFramedAgainKeepTheirValues() {
        Mnist test = Mnist.testSplit();
        int changed = 0;
        for (int i = 0; i < test.size(); i++) {
            float[] digit = test.image(i);
            InkBox box = Skeleton.inkBox(digit);
            float[] crop = new float[box.width() * box.height()];
            float max = 0;
            for (int y = 0; y < box.height(); y++) {
                for (int x = 0; x < box.width(); x++) {
                    crop[y * box.width() + x] = digit[(box.top() + y) * Mnist.SIDE + box.left() + x];
                    max = Math.max(max, crop[y * box.width() + x]);
                }
            }
            double gain = sum(MnistFrame.place(crop, box.width(), box.height())) / sum(crop);
            changed += gain > 1.05 / max ? 1 : 0;
        }
        System.out.printf("MNIST test digits brightened by more than 5%%: %d of %d%n", changed, test.size());
        // 84 measured
        assertTrue(changed <= 120, changed + " of MNIST's own digits were brightened");
    }

    @Test
    void aBlurredStrokeGetsASolidCore() {
        int side = 20;
        float[] blurred = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double r = Math.hypot(x + 0.5 - side / 2.0, y + 0.5 - side / 2.0);
                double off = Math.abs(r - 6) / 2.5;
                blurred[y * side + x] = (float) (0.4 * Math.exp(-off * off));
            }
        }
        float[] framed = MnistFrame.place(blurred, side, side);
        int inked = 0;
        int full = 0;
        for (float v : framed) {
            inked += v > 0.08f ? 1 : 0;
            full += v == 1 ? 1 : 0;
        }
        assertTrue(full >= Math.ceil(MnistFrame.FULL_INK_SHARE * inked), full + " of " + inked + " are full ink");
    }

    private static double sum(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum;
    }
}
