package dev.digitrecognizer.preprocessing;

import java.awt.image.BufferedImage;

/**
 * A decoded image as packed ARGB ints, row-major: all that reading the ink needs. The PNG fast
 * path writes it straight from the unfiltered rows, with no BufferedImage and no colour model in
 * between. A large image arrives subsampled (see {@link ImageSize#subsampling}), so width and
 * height may be smaller than the header's.
 *
 * @param alpha whether the image has an alpha channel at all; an opaque image is read by luminance
 */
public record ArgbImage(int[] argb, int width, int height, boolean alpha) {

    /** A decoded BufferedImage's pixels, read as {@link Pixels} reads them. */
    static ArgbImage of(BufferedImage image) {
        return new ArgbImage(
                Pixels.argb(image),
                image.getWidth(),
                image.getHeight(),
                image.getColorModel().hasAlpha());
    }
}
