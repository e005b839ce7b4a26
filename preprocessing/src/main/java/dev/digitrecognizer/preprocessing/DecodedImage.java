package dev.digitrecognizer.preprocessing;

import java.awt.image.BufferedImage;

/**
 * A decoded image as 8-bit R, G, B (and A) samples: all that reading the ink needs. The PNG fast
 * path hands over its unfiltered scanlines as they are, so a canvas is never copied into an
 * image on its way to the ink. A large image arrives subsampled (see {@link ImageSize#subsampling}),
 * so width and height may be smaller than the header's.
 *
 * @param samples   the bytes; pixel (x, y) starts at {@code offset + y * rowStride + x * channels}
 * @param channels  4 for R, G, B, A; 3 for R, G, B, an opaque image
 */
public record DecodedImage(byte[] samples, int offset, int rowStride, int channels, int width, int height) {

    /** Whether the image has an alpha channel at all; an opaque image is read by luminance. */
    public boolean alpha() {
        return channels == 4;
    }

    int at(int x, int y) {
        return offset + y * rowStride + x * channels;
    }

    /** An image ImageIO decoded, its pixels read as {@link Pixels} reads them. */
    static DecodedImage of(BufferedImage image) {
        int[] argb = Pixels.argb(image);
        int channels = image.getColorModel().hasAlpha() ? 4 : 3;
        byte[] samples = new byte[argb.length * channels];
        for (int i = 0, j = 0; i < argb.length; i++, j += channels) {
            samples[j] = (byte) (argb[i] >> 16);
            samples[j + 1] = (byte) (argb[i] >> 8);
            samples[j + 2] = (byte) argb[i];
            if (channels == 4) {
                samples[j + 3] = (byte) (argb[i] >>> 24);
            }
        }
        return new DecodedImage(samples, 0, image.getWidth() * channels, channels, image.getWidth(), image.getHeight());
    }
}
