package dev.digitrecognizer.trainer;

import dev.digitrecognizer.mnist.Mnist;

import java.nio.file.Path;

/** The MNIST files and model repository the build points the tests at. */
public final class TestData {
    private static Mnist train;

    private TestData() {
    }

    public static Path mnistDir() {
        return Mnist.directory();
    }

    public static Path modelsDir() {
        return Path.of(System.getProperty("models.dir", "../models"));
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
