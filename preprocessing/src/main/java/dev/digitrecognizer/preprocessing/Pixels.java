package dev.digitrecognizer.preprocessing;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * An image's pixels as packed ARGB ints. The colour layouts ImageIO decodes PNG and JPEG into are read
 * straight from the raster's bytes; {@link BufferedImage#getRGB} converts every pixel through
 * the colour model and costs several times more. Anything else still goes through it.
 */
final class Pixels {
    private Pixels() {}

    static int[] argb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] b = plainBytes(image);
        if (b == null) {
            return image.getRGB(0, 0, width, height, null, 0, width);
        }
        int[] argb = new int[width * height];
        if (image.getType() == BufferedImage.TYPE_4BYTE_ABGR) {
            for (int i = 0, j = 0; i < argb.length; i++, j += 4) {
                argb[i] = (b[j] & 0xFF) << 24 | (b[j + 3] & 0xFF) << 16 | (b[j + 2] & 0xFF) << 8 | (b[j + 1] & 0xFF);
            }
        } else {
            for (int i = 0, j = 0; i < argb.length; i++, j += 3) {
                argb[i] = 0xFF000000 | (b[j + 2] & 0xFF) << 16 | (b[j + 1] & 0xFF) << 8 | (b[j] & 0xFF);
            }
        }
        return argb;
    }

    /** The raster's bytes when they are one of the layouts read directly, else null. */
    private static byte[] plainBytes(BufferedImage image) {
        Raster raster = image.getRaster();
        boolean plain = raster.getDataBuffer() instanceof DataBufferByte buffer
                && buffer.getNumBanks() == 1
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0
                && buffer.getData().length == image.getWidth() * image.getHeight() * bytesPerPixel(image.getType());
        return plain ? ((DataBufferByte) raster.getDataBuffer()).getData() : null;
    }

    /**
     * Bytes per pixel of the layouts read directly; 0 (never matching) for the others. Grey is
     * not among them: Java treats TYPE_BYTE_GRAY as linear and getRGB applies a gamma to it.
     */
    private static int bytesPerPixel(int type) {
        return switch (type) {
            case BufferedImage.TYPE_4BYTE_ABGR -> 4;
            case BufferedImage.TYPE_3BYTE_BGR -> 3;
            default -> 0;
        };
    }
}
