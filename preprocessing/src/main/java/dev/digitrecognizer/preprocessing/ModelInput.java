package dev.digitrecognizer.preprocessing;

import dev.digitrecognizer.mnist.ModelContract;

/**
 * What a model is given for one image, and what it cost to make.
 *
 * @param pixels          {@link ModelContract#PIXELS} values in [0, 1], row-major, 0 = background
 * @param decodeNanos     time spent decoding the image
 * @param preprocessNanos time spent reading its ink and framing it as MNIST
 */
public record ModelInput(float[] pixels, long decodeNanos, long preprocessNanos) {

    /** The 28x28 image the model sees, as a PNG data URL: white ink on black, as MNIST shows digits. */
    public String pngDataUrl() {
        return ModelInputImage.dataUrl(pixels);
    }
}
