package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.NumberRenderer;
import dev.digitrecognizer.mnist.Mnist;
import java.util.SplittableRandom;

/**
 * The request every benchmark measures: MNIST test digit 0 drawn on a 280x280 canvas, as a PNG;
 * for /number, test digits 0 to 3 side by side on an 840x280 canvas.
 */
final class Drawing {
    private Drawing() {}

    static byte[] png() {
        Mnist test = Mnist.testSplit();
        return Images.encode(
                CanvasRenderer.render(test.image(0), CanvasRenderer.Style.SCALED_GLYPH, new SplittableRandom(0)),
                "png");
    }

    static byte[] numberPng() {
        Mnist test = Mnist.testSplit();
        return Images.encode(
                NumberRenderer.render(
                                test,
                                new int[] {0, 1, 2, 3},
                                CanvasRenderer.Style.SCALED_GLYPH,
                                840,
                                new SplittableRandom(0))
                        .canvas(),
                "png");
    }
}
