package dev.digitrecognizer.trainer.djl;

import dev.digitrecognizer.trainer.djl.Step.Kind;

import java.util.List;
import java.util.stream.Collectors;

/** The two networks trained with DJL, after the Keras mnist_mlp and mnist_cnn examples. */
public enum DjlNetwork {
    MLP(List.of(
            Step.of(Kind.DENSE, 512), Step.of(Kind.RELU), Step.of(Kind.DROPOUT, 0.2f),
            Step.of(Kind.DENSE, 512), Step.of(Kind.RELU), Step.of(Kind.DROPOUT, 0.2f),
            Step.of(Kind.DENSE, 10))),
    CNN(List.of(
            Step.of(Kind.TO_IMAGE),
            Step.of(Kind.CONV, 32), Step.of(Kind.BATCH_NORM), Step.of(Kind.RELU),
            Step.of(Kind.CONV, 64), Step.of(Kind.BATCH_NORM), Step.of(Kind.RELU),
            Step.of(Kind.MAX_POOL, 2), Step.of(Kind.DROPOUT, 0.25f), Step.of(Kind.FLATTEN),
            Step.of(Kind.DENSE, 128), Step.of(Kind.BATCH_NORM), Step.of(Kind.RELU), Step.of(Kind.DROPOUT, 0.5f),
            Step.of(Kind.DENSE, 10)));

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
