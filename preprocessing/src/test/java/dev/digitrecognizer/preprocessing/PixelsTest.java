package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the raster directly gives exactly what getRGB gives, for every layout. */
class PixelsTest {

    private static BufferedImage randomImage(int type) {
        BufferedImage image = new BufferedImage(37, 23, type);
        SplittableRandom random = new SplittableRandom(type);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                BufferedImage.TYPE_4BYTE_ABGR,
                BufferedImage.TYPE_3BYTE_BGR,
                BufferedImage.TYPE_BYTE_GRAY,
                BufferedImage.TYPE_INT_ARGB,
                BufferedImage.TYPE_INT_RGB,
                BufferedImage.TYPE_BYTE_INDEXED,
                BufferedImage.TYPE_USHORT_GRAY
            })
    void matchesGetRgb(int type) {
        BufferedImage image = randomImage(type);
        assertArrayEquals(image.getRGB(0, 0, 37, 23, null, 0, 37), Pixels.argb(image));
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY})
    void readsASubImageThroughGetRgb(int type) {
        BufferedImage image = new BufferedImage(40, 40, type);
        image.setRGB(12, 15, 0xFF336699);
        BufferedImage part = image.getSubimage(10, 10, 20, 20);
        assertArrayEquals(part.getRGB(0, 0, 20, 20, null, 0, 20), Pixels.argb(part));
    }
}
