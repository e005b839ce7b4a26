package dev.digitrecognizer.trainer.training;

/** The labelled images a network learns from, drawn anew for each epoch. */
public interface TrainingSet {

    /** Images per epoch. */
    int size();

    /** The epoch's [size][784] images and their labels; the same for the same epoch. */
    Epoch epoch(int epoch);

    record Epoch(float[] images, int[] labels) {}
}
