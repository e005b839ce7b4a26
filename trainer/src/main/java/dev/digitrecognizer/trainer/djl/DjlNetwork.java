package dev.digitrecognizer.trainer.djl;

import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.trainer.djl.Step.BatchNorm;
import dev.digitrecognizer.trainer.djl.Step.Conv;
import dev.digitrecognizer.trainer.djl.Step.Dense;
import dev.digitrecognizer.trainer.djl.Step.Dropout;
import dev.digitrecognizer.trainer.djl.Step.Flatten;
import dev.digitrecognizer.trainer.djl.Step.MaxPool;
import dev.digitrecognizer.trainer.djl.Step.Relu;
import dev.digitrecognizer.trainer.djl.Step.ToImage;
import dev.digitrecognizer.trainer.synth.MixedSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The networks trained with DJL: two after the Keras mnist_mlp and mnist_cnn examples, and a
 * smaller convolutional one for the detector.
 */
public enum DjlNetwork {
    MLP(List.of(
            new Dense(512),
            new Relu(),
            new Dropout(0.2f),
            new Dense(512),
            new Relu(),
            new Dropout(0.2f),
            new Dense(ModelContract.CLASSES))),
    CNN(List.of(
            new ToImage(),
            new Conv(32, 3),
            new BatchNorm(),
            new Relu(),
            new Conv(64, 3),
            new BatchNorm(),
            new Relu(),
            new MaxPool(2),
            new Dropout(0.25f),
            new Flatten(),
            new Dense(128),
            new BatchNorm(),
            new Relu(),
            new Dropout(0.5f),
            new Dense(ModelContract.CLASSES))),
    DETECTOR(List.of(
            new ToImage(),
            new Conv(32, 5),
            new BatchNorm(),
            new Relu(),
            new MaxPool(2),
            new Conv(64, 3),
            new BatchNorm(),
            new Relu(),
            new MaxPool(2),
            new Flatten(),
            new Dense(128),
            new BatchNorm(),
            new Relu(),
            new Dropout(0.3f),
            new Dense(MixedSet.CLASSES)));

    private final List<Step> steps;

    DjlNetwork(List<Step> steps) {
        this.steps = steps;
    }

    List<Step> steps() {
        return steps;
    }

    public String architecture() {
        return steps.stream().map(Step::describe).collect(Collectors.joining(", ")) + ", softmax";
    }
}
