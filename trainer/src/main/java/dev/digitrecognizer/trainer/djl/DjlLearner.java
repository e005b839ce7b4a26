package dev.digitrecognizer.trainer.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.trainer.network.Layer;
import dev.digitrecognizer.trainer.training.Learner;

import java.util.ArrayList;
import java.util.List;

/** Trains a {@link DjlNetwork} with DJL on the PyTorch engine, with Adam. */
public final class DjlLearner implements Learner {
    private static final float BATCH_NORM_EPSILON = 1e-5f;

    private final DjlNetwork network;
    private final Model model;
    private final Trainer trainer;
    private float learningRate;

    public DjlLearner(DjlNetwork network, long seed) {
        this.network = network;
        Engine.getInstance().setRandomSeed((int) seed);
        model = Model.newInstance(network.name().toLowerCase());
        model.setBlock(build(network));
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker((Tracker) update -> learningRate).build());
        trainer = model.newTrainer(config);
        trainer.initialize(new Shape(1, Mnist.PIXELS));
    }

    private static Block build(DjlNetwork network) {
        SequentialBlock block = new SequentialBlock();
        for (Step step : network.steps()) {
            block.add(switch (step.kind()) {
                case TO_IMAGE -> new LambdaBlock(list -> new NDList(
                        list.singletonOrThrow().reshape(-1, 1, Mnist.SIDE, Mnist.SIDE)));
                case CONV -> Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters((int) step.size()).build();
                case BATCH_NORM -> BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).build();
                case RELU -> Activation.reluBlock();
                case MAX_POOL -> Pool.maxPool2dBlock(new Shape((long) step.size(), (long) step.size()));
                case DROPOUT -> Dropout.builder().optRate(step.size()).build();
                case FLATTEN -> Blocks.batchFlattenBlock();
                case DENSE -> Linear.builder().setUnits((long) step.size()).build();
            });
        }
        return block;
    }

    @Override
    public String architecture() {
        return network.architecture();
    }

    @Override
    public long parameterCount() {
        return model.getBlock().getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    @Override
    public String framework() {
        return "DJL " + ai.djl.engine.Engine.getDjlVersion() + " on PyTorch " + Engine.getInstance().getVersion();
    }

    @Override
    public double trainBatch(float[] images, int[] labels, int count, float rate) {
        learningRate = rate;
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray x = batch.create(images, new Shape(count, Mnist.PIXELS));
            NDArray y = batch.create(labels).toType(ai.djl.ndarray.types.DataType.INT64, false);
            double loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray mean = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                collector.backward(mean);
                loss = mean.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    @Override
    public float[] predict(float[] images, int count) {
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray x = batch.create(images, new Shape(count, Mnist.PIXELS));
            NDArray logits = model.getBlock()
                    .forward(new ParameterStore(batch, false), new NDList(x), false)
                    .singletonOrThrow();
            return logits.softmax(1).toFloatArray();
        }
    }

    @Override
    public List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        List<Block> blocks = model.getBlock().getChildren().values();
        for (int i = 0; i < blocks.size(); i++) {
            Step step = network.steps().get(i);
            Block block = blocks.get(i);
            switch (step.kind()) {
                case TO_IMAGE -> layers.add(new Layer.ToImage(Mnist.SIDE));
                case CONV -> {
                    Shape shape = array(block, "weight").getShape();
                    layers.add(new Layer.Conv((int) shape.get(0), (int) shape.get(1), (int) shape.get(2),
                            array(block, "weight").toFloatArray(), array(block, "bias").toFloatArray()));
                }
                case DENSE -> {
                    Shape shape = array(block, "weight").getShape();
                    layers.add(new Layer.Dense((int) shape.get(0), (int) shape.get(1),
                            array(block, "weight").toFloatArray(), array(block, "bias").toFloatArray()));
                }
                case BATCH_NORM -> layers.add(fold(layers.remove(layers.size() - 1), block));
                case RELU -> layers.add(new Layer.Relu());
                case MAX_POOL -> layers.add(new Layer.MaxPool((int) step.size()));
                case FLATTEN -> layers.add(new Layer.Flatten());
                case DROPOUT -> {
                    // identity at inference
                }
            }
        }
        return layers;
    }

    private static NDArray array(Block block, String name) {
        return block.getParameters().get(name).getArray();
    }

    /**
     * Folds inference-mode batch norm, gamma * (x - mean) / sqrt(var + eps) + beta, into the
     * layer before it: each output channel's weights and bias are scaled and shifted.
     */
    private static Layer fold(Layer previous, Block norm) {
        float[] gamma = array(norm, "gamma").toFloatArray();
        float[] beta = array(norm, "beta").toFloatArray();
        float[] mean = array(norm, "runningMean").toFloatArray();
        float[] variance = array(norm, "runningVar").toFloatArray();
        float[] weight;
        float[] bias;
        if (previous instanceof Layer.Conv conv) {
            weight = conv.weight().clone();
            bias = conv.bias().clone();
        } else if (previous instanceof Layer.Dense dense) {
            weight = dense.weight().clone();
            bias = dense.bias().clone();
        } else {
            throw new IllegalStateException("batch norm must follow a conv or dense layer");
        }
        int channels = bias.length;
        int perChannel = weight.length / channels;
        for (int c = 0; c < channels; c++) {
            float scale = gamma[c] / (float) Math.sqrt(variance[c] + BATCH_NORM_EPSILON);
            for (int k = 0; k < perChannel; k++) {
                weight[c * perChannel + k] *= scale;
            }
            bias[c] = (bias[c] - mean[c]) * scale + beta[c];
        }
        return previous instanceof Layer.Conv conv
                ? new Layer.Conv(conv.outChannels(), conv.inChannels(), conv.kernel(), weight, bias)
                : new Layer.Dense(channels, perChannel, weight, bias);
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
