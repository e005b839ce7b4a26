package dev.digitrecognizer.trainer.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.trainer.network.Layer;
import java.nio.FloatBuffer;
import java.util.Deque;
import java.util.List;

/**
 * One step of a DJL network description, with its own typed settings. Each kind says what DJL
 * block it trains as and what {@link Layer} it is served as, so a new kind does not compile
 * until it says both.
 */
sealed interface Step {

    /** The untrained DJL block. */
    Block block();

    /** For the model card's architecture. */
    String describe();

    /** Appends this step, as {@code trained}, in inference form to the layers before it. */
    void addInferenceForm(Block trained, List<Layer> layers);

    /**
     * Takes this step's trained parameters from the front of {@code layers}, which hold what
     * {@link #addInferenceForm} wrote, and removes the layers it wrote.
     *
     * @throws IllegalArgumentException when they are not this step's
     */
    void load(Block block, Deque<Layer> layers);

    private static NDArray array(Block block, String name) {
        return block.getParameters().get(name).getArray();
    }

    /** The next layer, which must be a {@code type}. */
    private static <L extends Layer> L next(Deque<Layer> layers, Class<L> type) {
        Layer layer = layers.pollFirst();
        if (!type.isInstance(layer)) {
            throw new IllegalArgumentException("expected a " + type.getSimpleName() + " layer, found "
                    + (layer == null ? "none" : layer.getClass().getSimpleName()));
        }
        return type.cast(layer);
    }

    /** Copies trained values into a parameter of the same size. */
    private static void set(Block block, String name, float[] values) {
        NDArray array = array(block, name);
        if (array.size() != values.length) {
            throw new IllegalArgumentException(
                    name + " of shape " + array.getShape() + " cannot take " + values.length + " values");
        }
        array.set(FloatBuffer.wrap(values));
    }

    /** The flat [N,784] input as one-channel images. */
    record ToImage() implements Step {
        @Override
        public Block block() {
            return new LambdaBlock(list -> new NDList(list.singletonOrThrow().reshape(-1, 1, Mnist.SIDE, Mnist.SIDE)));
        }

        @Override
        public String describe() {
            return "Reshape 1x" + Mnist.SIDE + "x" + Mnist.SIDE;
        }

        @Override
        public void addInferenceForm(Block trained, List<Layer> layers) {
            layers.add(new Layer.ToImage(Mnist.SIDE));
        }

        @Override
        public void load(Block block, Deque<Layer> layers) {
            next(layers, Layer.ToImage.class);
        }
    }

    /** A square convolution, stride 1, no padding. */
    record Conv(int filters, int kernel) implements Step {
        @Override
        public Block block() {
            return ai.djl.nn.convolutional.Conv2d.builder()
                    .setKernelShape(new Shape(kernel, kernel))
                    .setFilters(filters)
                    .build();
        }

        @Override
        public String describe() {
            return "Conv " + filters + " " + kernel + "x" + kernel;
        }

        @Override
        public void addInferenceForm(Block trained, List<Layer> layers) {
            Shape shape = array(trained, "weight").getShape();
            layers.add(new Layer.Conv(
                    (int) shape.get(0),
                    (int) shape.get(1),
                    (int) shape.get(2),
                    array(trained, "weight").toFloatArray(),
                    array(trained, "bias").toFloatArray()));
        }

        @Override
        public void load(Block block, Deque<Layer> layers) {
            Layer.Conv conv = next(layers, Layer.Conv.class);
            set(block, "weight", conv.weight());
            set(block, "bias", conv.bias());
        }
    }

    record BatchNorm() implements Step {
        static final String FOLDED = "batch norm was folded into the layer before it at export, so the network"
                + " cannot be rebuilt from the exported file";
        private static final float EPSILON = 1e-5f;

        @Override
        public Block block() {
            return ai.djl.nn.norm.BatchNorm.builder().optEpsilon(EPSILON).build();
        }

        @Override
        public String describe() {
            return "BatchNorm";
        }

        /**
         * Folds inference-mode batch norm, gamma * (x - mean) / sqrt(var + eps) + beta, into the
         * layer before it: each output channel's weights and bias are scaled and shifted.
         */
        @Override
        public void addInferenceForm(Block trained, List<Layer> layers) {
            if (!(layers.remove(layers.size() - 1) instanceof Layer.Weighted previous)) {
                throw new IllegalStateException("batch norm must follow a conv or dense layer");
            }
            float[] gamma = array(trained, "gamma").toFloatArray();
            float[] beta = array(trained, "beta").toFloatArray();
            float[] mean = array(trained, "runningMean").toFloatArray();
            float[] variance = array(trained, "runningVar").toFloatArray();
            float[] weight = previous.weight().clone();
            float[] bias = previous.bias().clone();
            int channels = bias.length;
            int perChannel = weight.length / channels;
            for (int c = 0; c < channels; c++) {
                float scale = gamma[c] / (float) Math.sqrt(variance[c] + EPSILON);
                for (int k = 0; k < perChannel; k++) {
                    weight[c * perChannel + k] *= scale;
                }
                bias[c] = (bias[c] - mean[c]) * scale + beta[c];
            }
            layers.add(previous.with(weight, bias));
        }

        /** None can: the export folded them into the layer before, and its own parameters are gone. */
        @Override
        public void load(Block block, Deque<Layer> layers) {
            throw new IllegalArgumentException("its " + FOLDED);
        }
    }

    record Relu() implements Step {
        @Override
        public Block block() {
            return Activation.reluBlock();
        }

        @Override
        public String describe() {
            return "ReLU";
        }

        @Override
        public void addInferenceForm(Block trained, List<Layer> layers) {
            layers.add(new Layer.Relu());
        }

        @Override
        public void load(Block block, Deque<Layer> layers) {
            next(layers, Layer.Relu.class);
        }
    }

    /** Square max pooling with a stride of its size. */
    record MaxPool(int size) implements Step {
        @Override
        public Block block() {
            return Pool.maxPool2dBlock(new Shape(size, size));
        }

        @Override
        public String describe() {
            return "MaxPool " + size + "x" + size;
        }

        @Override
        public void addInferenceForm(Block trained, List<Layer> layers) {
            layers.add(new Layer.MaxPool(size));
        }

        @Override
        public void load(Block block, Deque<Layer> layers) {
            if (next(layers, Layer.MaxPool.class).size() != size) {
                throw new IllegalArgumentException("a max pool of another size than " + size);
            }
        }
    }

    record Dropout(float rate) implements Step {
        @Override
        public Block block() {
            return ai.djl.nn.norm.Dropout.builder().optRate(rate).build();
        }

        @Override
        public String describe() {
            return "Dropout " + rate;
        }

        /** None: dropout is the identity at inference. */
        @Override
        public void addInferenceForm(Block trained, List<Layer> layers) {}

        @Override
        public void load(Block block, Deque<Layer> layers) {}
    }

    record Flatten() implements Step {
        @Override
        public Block block() {
            return Blocks.batchFlattenBlock();
        }

        @Override
        public String describe() {
            return "Flatten";
        }

        @Override
        public void addInferenceForm(Block trained, List<Layer> layers) {
            layers.add(new Layer.Flatten());
        }

        @Override
        public void load(Block block, Deque<Layer> layers) {
            next(layers, Layer.Flatten.class);
        }
    }

    record Dense(int units) implements Step {
        @Override
        public Block block() {
            return Linear.builder().setUnits(units).build();
        }

        @Override
        public String describe() {
            return "Dense " + units;
        }

        @Override
        public void addInferenceForm(Block trained, List<Layer> layers) {
            Shape shape = array(trained, "weight").getShape();
            layers.add(new Layer.Dense(
                    (int) shape.get(0),
                    (int) shape.get(1),
                    array(trained, "weight").toFloatArray(),
                    array(trained, "bias").toFloatArray()));
        }

        @Override
        public void load(Block block, Deque<Layer> layers) {
            Layer.Dense dense = next(layers, Layer.Dense.class);
            set(block, "weight", dense.weight());
            set(block, "bias", dense.bias());
        }
    }
}
