package dev.digitrecognizer.trainer;

import dev.digitrecognizer.mnist.Mnist;
import java.nio.file.Path;

/** The MNIST files the build points the tests at. */
public final class TestData {
    private static Mnist train;

    private TestData() {}

    public static Path mnistDir() {
        return Mnist.directory();
    }

    public static synchronized Mnist train() {
        if (train == null) {
            train = Mnist.load(mnistDir(), Mnist.Split.TRAIN);
        }
        return train;
    }

    public static Mnist test() {
        return Mnist.testSplit();
    }
}
