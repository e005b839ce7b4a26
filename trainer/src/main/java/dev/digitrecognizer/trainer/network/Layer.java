package dev.digitrecognizer.trainer.network;

/**
 * A trained layer in inference form, independent of the code that trained it. Both training
 * paths describe their networks this way, and the ONNX exporter writes any such list.
 */
public sealed interface Layer {

    /** Reshapes the flat [N,784] input to NCHW [N,1,28,28]. */
    record ToImage(int side) implements Layer {
    }

    /** A 2-D convolution, stride 1, no padding; weights in OIHW order. */
    record Conv(int outChannels, int inChannels, int kernel, float[] weight, float[] bias) implements Layer {
    }

    /** A fully connected layer; weights row-major [out][in], as DJL's Linear stores them. */
    record Dense(int out, int in, float[] weight, float[] bias) implements Layer {
    }

    record Relu() implements Layer {
    }

    record MaxPool(int size) implements Layer {
    }

    record Flatten() implements Layer {
    }

}
