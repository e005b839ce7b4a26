package dev.digitrecognizer.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.trainer.ModelKind;
import dev.digitrecognizer.trainer.TestData;
import dev.digitrecognizer.trainer.djl.DjlLearner;
import dev.digitrecognizer.trainer.djl.DjlNetwork;
import dev.digitrecognizer.trainer.network.Layer;
import dev.digitrecognizer.trainer.scratch.ScratchLearner;
import dev.digitrecognizer.trainer.training.Learner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model read back from its ONNX file is the network that was exported: the scratch network and the
 * mlp start from it and answer as the exported model does. The cnn's folded batch norm cannot be
 * taken apart, and it says so.
 */
class OnnxImporterTest {
    private static final Mnist TEST = TestData.test().head(200);

    @Test
    void readsBackTheLayersTheExporterWrote() {
        try (Learner learner = new ScratchLearner(new int[] {ModelContract.PIXELS, 16, 12, ModelContract.CLASSES}, 3)) {
            List<Layer> written = learner.layers();
            List<Layer> read = OnnxImporter.layers(OnnxExporter.export("scratch", written, ModelContract.CLASSES));
            assertEquals(written.size(), read.size());
            for (int i = 0; i < written.size(); i++) {
                assertEquals(written.get(i).getClass(), read.get(i).getClass(), "layer " + i);
                if (written.get(i) instanceof Layer.Dense dense) {
                    assertArrayEquals(dense.weight(), ((Layer.Dense) read.get(i)).weight(), "layer " + i);
                    assertArrayEquals(dense.bias(), ((Layer.Dense) read.get(i)).bias(), "layer " + i);
                }
            }
        }
    }

    @Test
    void aScratchNetworkStartedFromAFileAnswersAsTheFileDoes() {
        int[] sizes = {ModelContract.PIXELS, 32, ModelContract.CLASSES};
        try (Learner trained = new ScratchLearner(sizes, 1);
                Learner started = new ScratchLearner(sizes, 2)) {
            started.startFrom(OnnxImporter.layers(OnnxExporter.export("scratch", trained.layers(), 10)));
            assertArrayEquals(trained.predict(TEST.images(), TEST.size()), started.predict(TEST.images(), TEST.size()));
        }
    }

    @Test
    void anMlpStartedFromAFileAnswersAsTheFileDoes() throws Exception {
        byte[] file;
        try (Learner trained = new DjlLearner(DjlNetwork.MLP, 1)) {
            file = OnnxExporter.export("mlp", trained.layers(), ModelContract.CLASSES);
        }
        float[] expected;
        try (OnnxModel model = new OnnxModel(file)) {
            expected = model.predict(TEST.images(), TEST.size());
        }
        try (Learner started = new DjlLearner(DjlNetwork.MLP, 2)) {
            started.startFrom(OnnxImporter.layers(file));
            assertArrayEquals(expected, started.predict(TEST.images(), TEST.size()), 1e-5f);
        }
    }

    @Test
    void aNetworkRefusesAnotherNetworksLayers() {
        byte[] small = OnnxExporter.export(
                "scratch",
                new ScratchLearner(new int[] {ModelContract.PIXELS, 16, ModelContract.CLASSES}, 1).layers(),
                10);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ScratchLearner(new int[] {ModelContract.PIXELS, 512, ModelContract.CLASSES}, 1)
                        .startFrom(OnnxImporter.layers(small)));
        assertTrue(e.getMessage().contains("is not the Dense 784-512 of Dense 784-512-10"), e.getMessage());
    }

    @Test
    void theCnnCannotStartFromItsFileForItsBatchNormIsFolded() {
        try (Learner cnn = new DjlLearner(DjlNetwork.CNN, 1)) {
            List<Layer> layers = OnnxImporter.layers(OnnxExporter.export("cnn", cnn.layers(), 10));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cnn.startFrom(layers));
            assertTrue(e.getMessage().contains("batch norm was folded"), e.getMessage());
        }
        assertTrue(!ModelKind.CNN.fineTunable() && !ModelKind.DETECTOR.fineTunable());
    }

    @Test
    void refusesBytesThatAreNoOnnxModel() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> OnnxImporter.layers("not a model".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().startsWith("not an ONNX model"), e.getMessage());
    }
}
