package dev.digitrecognizer.preprocessing;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Reads how much ink each pixel holds, 0 to 1. A transparent canvas is read by its alpha
 * channel; an opaque image by luminance, in whichever polarity makes its border the background,
 * so dark-on-light and light-on-dark both work. The background level is removed and the
 * contrast stretched, so paper that is not quite white reads as no ink.
 */
final class InkExtractor {
    /** Below this contrast between ink and background there is no drawing. */
    private static final float MIN_CONTRAST = 0.2f;
    /** Stretched values under this are noise (JPEG ringing, paper texture). */
    private static final float NOISE_FLOOR = 0.08f;

    private InkExtractor() {}

    public static InkMap extract(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] border = borderIndices(width, height);
        if (image.getColorModel().hasAlpha()) {
            float[] alpha = Pixels.alpha(image);
            if (mean(alpha, border) < 0.5f) {
                return new InkMap(stretch(alpha, border), width, height);
            }
        }
        int[] argb = Pixels.argb(image);
        float[] ink = new float[argb.length];
        for (int i = 0; i < argb.length; i++) {
            ink[i] = luminanceOverWhite(argb[i]);
        }
        if (mean(ink, border) > 0.5f) {
            for (int i = 0; i < ink.length; i++) {
                ink[i] = 1 - ink[i];
            }
        }
        return new InkMap(stretch(ink, border), width, height);
    }

    /** Rec. 601 luma of the pixel composited over white, in [0,1]. */
    private static float luminanceOverWhite(int argb) {
        float a = (argb >>> 24) / 255f;
        float r = ((argb >> 16) & 0xFF) / 255f;
        float g = ((argb >> 8) & 0xFF) / 255f;
        float b = (argb & 0xFF) / 255f;
        float y = 0.299f * r + 0.587f * g + 0.114f * b;
        return y * a + (1 - a);
    }

    /** The indices of the pixels along the image's edge. */
    private static int[] borderIndices(int width, int height) {
        int[] indices = new int[2 * (width + height)];
        int n = 0;
        for (int x = 0; x < width; x++) {
            indices[n++] = x;
            if (height > 1) {
                indices[n++] = (height - 1) * width + x;
            }
        }
        for (int y = 1; y < height - 1; y++) {
            indices[n++] = y * width;
            if (width > 1) {
                indices[n++] = y * width + width - 1;
            }
        }
        return Arrays.copyOf(indices, n);
    }

    private static float mean(float[] values, int[] indices) {
        float sum = 0;
        for (int i : indices) {
            sum += values[i];
        }
        return sum / indices.length;
    }

    private static float[] stretch(float[] ink, int[] borderIndices) {
        float[] border = new float[borderIndices.length];
        for (int n = 0; n < border.length; n++) {
            border[n] = ink[borderIndices[n]];
        }
        Arrays.sort(border);
        float background = border[border.length / 2];
        float max = 0;
        for (float v : ink) {
            max = Math.max(max, v);
        }
        if (max - background < MIN_CONTRAST) {
            throw new ImageRejected(
                    ImageRejected.Reason.EMPTY,
                    "The image has no ink: draw a digit, or upload a picture of one with clear contrast.");
        }
        float gain = 1 / (max - background);
        for (int i = 0; i < ink.length; i++) {
            float v = (ink[i] - background) * gain;
            ink[i] = v < NOISE_FLOOR ? 0 : Math.min(v, 1);
        }
        return ink;
    }
}
