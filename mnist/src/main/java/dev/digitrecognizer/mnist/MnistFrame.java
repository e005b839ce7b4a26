package dev.digitrecognizer.mnist;

import java.util.Arrays;

/**
 * Where MNIST puts a digit in its 28x28 field: scaled so that its longer side is 20 px, and placed
 * so that its centre of mass falls on the centre. The gateway frames drawings this way, and the
 * trainer the digits it redraws.
 */
public final class MnistFrame {
    public static final int BOX = 20;
    /**
     * Where MNIST puts the centre of mass, in pixel-centre coordinates: measured over the 60,000
     * training digits, it is 14.5 in both axes (pixel index 14), give or take the half pixel of
     * an integer shift.
     */
    public static final double CENTRE = 14.5;
    /**
     * The share of a digit's inked pixels that are full ink in all but 1% of MNIST's training
     * digits (a pen's core is solid; only its edges are grey).
     */
    static final double FULL_INK_SHARE = 0.15;
    /** Below this share of the strongest pixel, a pixel counts as no ink when the share is taken. */
    private static final float INKED = 0.08f;

    private MnistFrame() {}

    /**
     * Puts a {@code width} x {@code height} digit (at most 20 x 20) in the 28x28 field, its centre of
     * mass at the centre by a whole-pixel shift, with its strongest pixels made full ink as in
     * MNIST: at least {@link #FULL_INK_SHARE} of the inked ones, so that a blurred scan has a
     * solid core as a pen stroke has.
     */
    public static float[] place(float[] small, int width, int height) {
        float full = fullInkLevel(small);
        float[] ink = new float[small.length];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = Math.min(1, small[i] / full);
        }
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = ink[y * width + x];
                mass += v;
                sumX += (x + 0.5) * v;
                sumY += (y + 0.5) * v;
            }
        }
        int offsetX = (int) Math.round(CENTRE - sumX / mass);
        int offsetY = (int) Math.round(CENTRE - sumY / mass);
        float[] field = new float[Mnist.PIXELS];
        for (int y = 0; y < height; y++) {
            int ty = y + offsetY;
            if (ty < 0 || ty >= Mnist.SIDE) {
                continue;
            }
            for (int x = 0; x < width; x++) {
                int tx = x + offsetX;
                if (tx >= 0 && tx < Mnist.SIDE) {
                    field[ty * Mnist.SIDE + tx] = ink[y * width + x];
                }
            }
        }
        return field;
    }

    /** The level at and above which {@link #FULL_INK_SHARE} of the inked pixels lie. */
    static float fullInkLevel(float[] small) {
        float max = 0;
        for (float v : small) {
            max = Math.max(max, v);
        }
        float[] inked = new float[small.length];
        int count = 0;
        for (float v : small) {
            if (v > INKED * max) {
                inked[count++] = v;
            }
        }
        Arrays.sort(inked, 0, count);
        return inked[count - (int) Math.ceil(FULL_INK_SHARE * count)];
    }
}
