package dev.digitrecognizer.trainer.training;

import dev.digitrecognizer.trainer.network.Layer;
import java.util.List;

/** A network being trained, whichever code trains it. */
public interface Learner extends AutoCloseable {

    String architecture();

    /** Trainable parameters. */
    long parameterCount();

    /** What trains it, for the model card. */
    String framework();

    /** One optimiser step on a batch of [count][784] images; returns the batch's mean loss. */
    double trainBatch(float[] images, int[] labels, int count, float learningRate);

    /** Class probabilities in inference mode, [count][classes]. */
    float[] predict(float[] images, int count);

    /**
     * Starts from a trained network's weights, as {@link #layers()} gives them, instead of the
     * initial ones: training then fine-tunes it.
     *
     * @throws IllegalArgumentException with a sentence, when the layers are not this network's
     */
    void startFrom(List<Layer> trained);

    /** The trained network in inference form, for export. */
    List<Layer> layers();

    @Override
    default void close() {}
}
