package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.mnist.Mnist;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ModelInputImageTest {
    private static final String PREFIX = "data:image/png;base64,";

    @Test
    void theDataUrlIsAGreyscalePngOfTheInputAsBytes() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        for (int image = 0; image < 20; image++) {
            float[] field = new float[Mnist.PIXELS];
            for (int i = 0; i < field.length; i++) {
                field[i] = i % 3 == 0 ? 0 : (float) random.nextDouble();
            }
            String url = ModelInputImage.dataUrl(field);
            assertTrue(url.startsWith(PREFIX), url);
            BufferedImage png =
                    ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(PREFIX.length()))));
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, png.getType());
            assertEquals(Mnist.SIDE, png.getWidth());
            assertEquals(Mnist.SIDE, png.getHeight());
            for (int y = 0; y < Mnist.SIDE; y++) {
                for (int x = 0; x < Mnist.SIDE; x++) {
                    int expected = Math.round(field[y * Mnist.SIDE + x] * 255);
                    assertEquals(expected, png.getRaster().getSample(x, y, 0), "pixel " + x + ", " + y);
                }
            }
        }
    }
}
