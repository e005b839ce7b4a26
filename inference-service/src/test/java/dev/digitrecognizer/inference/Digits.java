package dev.digitrecognizer.inference;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.ModelContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Real MNIST test digits and infer request bodies built from them. */
public final class Digits {
    private Digits() {}

    public static Mnist test() {
        return Mnist.testSplit();
    }

    public static int label(int index) {
        return test().labels()[index];
    }

    /** The test images as rows of one flat [N, 784] array. */
    public static float[] rows(int... indexes) {
        float[] rows = new float[indexes.length * ModelContract.PIXELS];
        for (int i = 0; i < indexes.length; i++) {
            System.arraycopy(test().image(indexes[i]), 0, rows, i * ModelContract.PIXELS, ModelContract.PIXELS);
        }
        return rows;
    }

    /** A request with the given test images as rows. */
    public static Map<String, Object> request(int... indexes) {
        List<Float> data = new ArrayList<>(indexes.length * ModelContract.PIXELS);
        for (int index : indexes) {
            for (float v : test().image(index)) {
                data.add(v);
            }
        }
        return request(List.of(indexes.length, ModelContract.PIXELS), data);
    }

    public static Map<String, Object> request(List<Integer> shape, Object data) {
        return Map.of(
                "inputs",
                List.of(Map.of(
                        "name",
                        ModelContract.INPUT,
                        "shape",
                        shape,
                        "datatype",
                        ModelContract.DATATYPE,
                        "data",
                        data)));
    }
}
