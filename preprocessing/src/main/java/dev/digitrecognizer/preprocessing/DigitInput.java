package dev.digitrecognizer.preprocessing;

import dev.digitrecognizer.mnist.ModelContract;

/**
 * One digit found in a drawing of a number, framed as MNIST frames a digit.
 *
 * @param pixels {@link ModelContract#PIXELS} values in [0, 1], row-major, 0 = background
 * @param box    where its ink lies in the image
 */
public record DigitInput(float[] pixels, DigitBox box) {

    /** The 28x28 image the model sees, as a PNG data URL. */
    public String pngDataUrl() {
        return ModelInputImage.dataUrl(pixels);
    }
}
