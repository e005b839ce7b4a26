package dev.digitrecognizer.trainer.network;

/**
 * A trained layer in inference form, independent of the code that trained it. Both training
 * paths describe their networks this way, and the ONNX exporter writes any such list. Readers
 * go through a {@link Visitor}, so that a new kind of layer does not compile until every reader
 * handles it.
 */
public sealed interface Layer {

    <R> R accept(Visitor<R> visitor);

    interface Visitor<R> {
        R toImage(ToImage image);

        R conv(Conv conv);

        R dense(Dense dense);

        R relu(Relu relu);

        R maxPool(MaxPool pool);

        R flatten(Flatten flatten);
    }

    /** A layer with a weight and a bias per output channel, as a batch norm after it folds into. */
    sealed interface Weighted extends Layer {
        float[] weight();

        float[] bias();

        /** The same layer with other parameters of the same shapes. */
        Weighted with(float[] weight, float[] bias);
    }

    /** Reshapes the flat [N,784] input to NCHW [N,1,28,28]. */
    record ToImage(int side) implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.toImage(this);
        }
    }

    /** A 2-D convolution, stride 1, no padding; weights in OIHW order. */
    record Conv(int outChannels, int inChannels, int kernel, float[] weight, float[] bias) implements Weighted {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.conv(this);
        }

        @Override
        public Conv with(float[] weight, float[] bias) {
            return new Conv(outChannels, inChannels, kernel, weight, bias);
        }
    }

    /** A fully connected layer; weights row-major [out][in], as DJL's Linear stores them. */
    record Dense(int out, int in, float[] weight, float[] bias) implements Weighted {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.dense(this);
        }

        @Override
        public Dense with(float[] weight, float[] bias) {
            return new Dense(out, in, weight, bias);
        }
    }

    record Relu() implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.relu(this);
        }
    }

    record MaxPool(int size) implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.maxPool(this);
        }
    }

    record Flatten() implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.flatten(this);
        }
    }
}
