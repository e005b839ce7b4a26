package dev.digitrecognizer.trainer.training;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.trainer.augment.Augmenter;

/** The MNIST training digits, augmented anew for each epoch. */
public record MnistSet(Mnist mnist, Augmenter augmenter) implements TrainingSet {

    @Override
    public int size() {
        return mnist.size();
    }

    @Override
    public Epoch epoch(int epoch) {
        return new Epoch(augmenter.epoch(epoch), mnist.labels());
    }
}
