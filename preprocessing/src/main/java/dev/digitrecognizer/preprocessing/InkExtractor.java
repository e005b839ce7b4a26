package dev.digitrecognizer.preprocessing;

import dev.digitrecognizer.mnist.InkBox;
import java.util.Arrays;

/**
 * Reads how much ink each pixel holds, 0 to 1. A transparent canvas is read by its alpha
 * channel; an opaque image by luminance, in whichever polarity makes its border the background,
 * so dark-on-light and light-on-dark both work. The background level is removed and the
 * contrast stretched, so paper that is not quite white reads as no ink. The map of a canvas read
 * by its alpha comes cropped to the pixels above the background.
 */
final class InkExtractor {
    /** Below this contrast between ink and background there is no drawing. */
    private static final float MIN_CONTRAST = 0.2f;
    /** Stretched values under this are noise (JPEG ringing, paper texture). */
    private static final float NOISE_FLOOR = 0.08f;

    /** Channel value v as v / 255f. */
    private static final float[] LEVELS = new float[256];

    static {
        for (int v = 0; v < LEVELS.length; v++) {
            LEVELS[v] = v / 255f;
        }
    }

    private InkExtractor() {}

    public static InkMap extract(DecodedImage image) {
        int width = image.width();
        int height = image.height();
        int[] border = borderIndices(width, height);
        if (image.alpha()) {
            InkMap ink = byAlpha(image, border);
            if (ink != null) {
                return ink;
            }
        }
        float[] ink = luminanceOverWhite(image);
        if (mean(ink, border) > 0.5f) {
            for (int i = 0; i < ink.length; i++) {
                ink[i] = 1 - ink[i];
            }
        }
        return new InkMap(stretch(ink, border), width, height);
    }

    /**
     * The stretched alpha, or null when the border is mostly opaque. Nothing at or below the
     * background's level can be ink, so the map is cropped to the box of the pixels above it,
     * found from the alpha bytes, and only those are read further. Alpha has 256 levels, so the
     * stretch is worked out once per level and each pixel looks its ink up.
     */
    private static InkMap byAlpha(DecodedImage image, int[] border) {
        byte[] samples = image.samples();
        int width = image.width();
        float sum = 0;
        int[] count = new int[LEVELS.length];
        for (int i : border) {
            int level = samples[image.at(i % width, i / width) + 3] & 0xFF;
            sum += LEVELS[level];
            count[level]++;
        }
        if (sum / border.length >= 0.5f) {
            return null;
        }
        int backgroundLevel = median(count, border.length);
        InkBox box = alphaBox(image, backgroundLevel + 1);
        int max = backgroundLevel;
        for (int y = box.top(); !box.isEmpty() && y <= box.bottom(); y++) {
            for (int x = box.left(), p = image.at(x, y) + 3; x <= box.right(); x++, p += 4) {
                max = Math.max(max, samples[p] & 0xFF);
            }
        }
        float background = LEVELS[backgroundLevel];
        float gain = gain(background, LEVELS[max]);
        float[] stretched = new float[LEVELS.length];
        for (int v = 0; v < stretched.length; v++) {
            stretched[v] = stretched(LEVELS[v], background, gain);
        }
        float[] ink = new float[box.width() * box.height()];
        for (int y = box.top(), i = 0; y <= box.bottom(); y++) {
            for (int x = box.left(), p = image.at(x, y) + 3; x <= box.right(); x++, p += 4, i++) {
                ink[i] = stretched[samples[p] & 0xFF];
            }
        }
        return new InkMap(ink, box.width(), box.height(), box.left(), box.top());
    }

    /**
     * The box of the pixels whose alpha is at least {@code level}, found by rows as {@link
     * MnistPreprocessor#boundingBox} finds it in an ink map; empty when there are none.
     */
    private static InkBox alphaBox(DecodedImage image, int level) {
        byte[] samples = image.samples();
        int width = image.width();
        int minX = width;
        int minY = -1;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < image.height(); y++) {
            int row = image.at(0, y) + 3;
            int first = 0;
            while (first < minX && (samples[row + 4 * first] & 0xFF) < level) {
                first++;
            }
            int last = width - 1;
            while (last > maxX && (samples[row + 4 * last] & 0xFF) < level) {
                last--;
            }
            boolean inked = first < minX || last > maxX;
            for (int x = minX; !inked && x <= maxX; x++) {
                inked = (samples[row + 4 * x] & 0xFF) >= level;
            }
            if (inked) {
                minX = Math.min(minX, first);
                maxX = Math.max(maxX, last);
                minY = minY < 0 ? y : minY;
                maxY = y;
            }
        }
        return new InkBox(minX, minY, maxX, maxY);
    }

    /** The level at index total / 2 of the levels counted, sorted: the median, as sorting them would give it. */
    private static int median(int[] count, int total) {
        int level = 0;
        for (int seen = count[0]; seen <= total / 2; seen += count[++level]) {}
        return level;
    }

    /** Rec. 601 luma of each pixel composited over white, in [0,1]. */
    private static float[] luminanceOverWhite(DecodedImage image) {
        byte[] samples = image.samples();
        int channels = image.channels();
        float[] luminance = new float[image.width() * image.height()];
        for (int y = 0, i = 0; y < image.height(); y++) {
            for (int x = 0, p = image.at(0, y); x < image.width(); x++, p += channels, i++) {
                float a = (channels == 4 ? samples[p + 3] & 0xFF : 0xFF) / 255f;
                float r = (samples[p] & 0xFF) / 255f;
                float g = (samples[p + 1] & 0xFF) / 255f;
                float b = (samples[p + 2] & 0xFF) / 255f;
                float luma = 0.299f * r + 0.587f * g + 0.114f * b;
                luminance[i] = luma * a + (1 - a);
            }
        }
        return luminance;
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
        float gain = gain(background, max);
        for (int i = 0; i < ink.length; i++) {
            ink[i] = stretched(ink[i], background, gain);
        }
        return ink;
    }

    private static float gain(float background, float max) {
        if (max - background < MIN_CONTRAST) {
            throw new ImageRejected(
                    ImageRejected.Reason.EMPTY,
                    "The image has no ink: draw a digit, or upload a picture of one with clear contrast.");
        }
        return 1 / (max - background);
    }

    /** The background removed and the contrast stretched; noise under the floor is no ink. */
    private static float stretched(float ink, float background, float gain) {
        float v = (ink - background) * gain;
        return v < NOISE_FLOOR ? 0 : Math.min(v, 1);
    }
}
