package dev.digitrecognizer.trainer.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/** Trains a {@link DjlNetwork} with DJL on the PyTorch engine, with Adam. */
public final class DjlLearner implements Learner {
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
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker((Tracker) update -> learningRate)
                        .build());
        trainer = model.newTrainer(config);
        trainer.initialize(new Shape(1, Mnist.PIXELS));
    }

    private static Block build(DjlNetwork network) {
        SequentialBlock block = new SequentialBlock();
        network.steps().forEach(step -> block.add(step.block()));
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
        return "DJL " + ai.djl.engine.Engine.getDjlVersion() + " on PyTorch "
                + Engine.getInstance().getVersion();
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

    /** Takes every trained parameter from the layers; a network with batch norm cannot, for the export folds it. */
    @Override
    public void startFrom(List<Layer> trained) {
        String name = network.name().toLowerCase(Locale.ROOT);
        if (network.steps().stream().anyMatch(Step.BatchNorm.class::isInstance)) {
            throw new IllegalArgumentException("the " + name + "'s " + Step.BatchNorm.FOLDED);
        }
        Deque<Layer> layers = new ArrayDeque<>(trained);
        List<Block> blocks = model.getBlock().getChildren().values();
        try {
            for (int i = 0; i < blocks.size(); i++) {
                network.steps().get(i).load(blocks.get(i), layers);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not the " + name + " network: " + e.getMessage(), e);
        }
        if (!layers.isEmpty()) {
            throw new IllegalArgumentException(
                    "not the " + name + " network: it has " + layers.size() + " layers more");
        }
    }

    @Override
    public List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        List<Block> blocks = model.getBlock().getChildren().values();
        for (int i = 0; i < blocks.size(); i++) {
            network.steps().get(i).addInferenceForm(blocks.get(i), layers);
        }
        return layers;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
