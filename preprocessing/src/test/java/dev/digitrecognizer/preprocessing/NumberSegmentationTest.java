package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.NumberRenderer;
import dev.digitrecognizer.mnist.Mnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Numbers composed of MNIST digits that do not touch are cut into as many digits as were drawn. */
class NumberSegmentationTest {
    private static final int NUMBERS = 500;

    @Test
    void drawnNumbersAreCutIntoTheirDigits() throws IOException {
        Mnist test = Mnist.testSplit();
        Preprocessor preprocessor = new Preprocessor();
        SplittableRandom random = new SplittableRandom(99);
        Path wrong = Files.createDirectories(Path.of("target", "segmentation-misses"));
        int right = 0;
        StringBuilder misses = new StringBuilder();
        for (int n = 0; n < NUMBERS; n++) {
            int length = 2 + n % 5;
            CanvasRenderer.Style style = CanvasRenderer.Style.values()[n % 2];
            int width = n % 4 < 2 ? 560 : 840;
            int[] indices = random.ints(length, 0, test.size()).toArray();
            NumberRenderer.Drawn drawn = NumberRenderer.render(test, indices, style, width, random);
            String found;
            try {
                found = String.valueOf(preprocessor
                        .toNumberInput(Images.encode(drawn.canvas(), "png"), NumberLimits.DEFAULTS)
                        .digits()
                        .size());
            } catch (ImageRejected e) {
                found = e.reason().toString();
            }
            if (found.equals(String.valueOf(length))) {
                right++;
            } else {
                misses.append(drawn.number()).append(" -> ").append(found).append('\n');
                ImageIO.write(
                        drawn.canvas(),
                        "png",
                        wrong.resolve(n + "-" + drawn.number() + ".png").toFile());
            }
        }
        System.out.println(right + " of " + NUMBERS + " cut right; misses:\n" + misses);
        assertTrue(right >= 0.99 * NUMBERS, right + " of " + NUMBERS + "\n" + misses);
    }
}
