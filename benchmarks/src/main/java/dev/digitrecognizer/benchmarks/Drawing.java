package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.mnist.Mnist;
import java.util.SplittableRandom;

/** The request every benchmark measures: MNIST test digit 0 drawn on a 280x280 canvas, as a PNG. */
final class Drawing {
    private Drawing() {}

    static byte[] png() {
        Mnist test = Mnist.testSplit();
        return Images.encode(
                CanvasRenderer.render(test.image(0), CanvasRenderer.Style.SCALED_GLYPH, new SplittableRandom(0)),
                "png");
    }
}
