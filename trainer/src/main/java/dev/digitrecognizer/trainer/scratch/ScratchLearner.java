package dev.digitrecognizer.trainer.scratch;

import dev.digitrecognizer.trainer.network.Layer;
import dev.digitrecognizer.trainer.training.Learner;
import java.util.List;

/** Trains a {@link ScratchNetwork} with {@link Adam}. */
public final class ScratchLearner implements Learner {
    private final ScratchNetwork network;
    private final Adam adam;

    public ScratchLearner(int[] sizes, long seed) {
        network = new ScratchNetwork(sizes, seed);
        adam = new Adam(network.parameters());
    }

    @Override
    public String architecture() {
        return network.architecture();
    }

    @Override
    public long parameterCount() {
        return network.parameterCount();
    }

    @Override
    public String framework() {
        return "plain Java (no ML library): hand-written forward pass, backpropagation and Adam";
    }

    @Override
    public double trainBatch(float[] images, int[] labels, int count, float learningRate) {
        double loss = network.lossAndGradients(images, labels, count);
        adam.step(network.gradients(), learningRate);
        return loss;
    }

    @Override
    public float[] predict(float[] images, int count) {
        return network.predict(images, count);
    }

    @Override
    public void startFrom(List<Layer> trained) {
        network.load(trained);
    }

    @Override
    public List<Layer> layers() {
        return network.layers();
    }
}
