package dev.digitrecognizer.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.trainer.network.Layer;
import dev.digitrecognizer.trainer.repository.ModelRepository;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The exporter writes the same bytes for the same layers. Training is not bit-reproducible on
 * PyTorch, so this pins the exporter itself: fixed weights through every kind of layer.
 */
class OnnxExporterTest {
    /** Change only for a deliberate change of the exported graph, with the parity tests green. */
    private static final String SHA256 = "5fef0388b8ecfaaa818d80ad774a60f87d0f15a1d77f223d7b2e3b4bbbeb2a94";

    private static final int FILTERS = 2;
    private static final int KERNEL = 3;
    private static final int POOL = 2;

    @Test
    void writesTheSameBytesForTheSameLayers() {
        assertEquals(SHA256, ModelRepository.sha256(OnnxExporter.export("fixed", layers(), ModelContract.CLASSES)));
    }

    private static List<Layer> layers() {
        SplittableRandom random = new SplittableRandom(7);
        int pooled = (Mnist.SIDE - KERNEL + 1) / POOL;
        int flat = FILTERS * pooled * pooled;
        return List.of(
                new Layer.ToImage(Mnist.SIDE),
                new Layer.Conv(FILTERS, 1, KERNEL, floats(random, FILTERS * KERNEL * KERNEL), floats(random, FILTERS)),
                new Layer.Relu(),
                new Layer.MaxPool(POOL),
                new Layer.Flatten(),
                new Layer.Dense(
                        ModelContract.CLASSES,
                        flat,
                        floats(random, ModelContract.CLASSES * flat),
                        floats(random, ModelContract.CLASSES)));
    }

    private static float[] floats(SplittableRandom random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }
}
