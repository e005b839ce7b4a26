package dev.digitrecognizer.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.trainer.ModelKind;
import dev.digitrecognizer.trainer.TestData;
import dev.digitrecognizer.trainer.augment.Augmentation;
import dev.digitrecognizer.trainer.augment.Augmenter;
import dev.digitrecognizer.trainer.djl.DjlLearner;
import dev.digitrecognizer.trainer.djl.DjlNetwork;
import dev.digitrecognizer.trainer.scratch.ScratchLearner;
import dev.digitrecognizer.trainer.training.Accuracy;
import dev.digitrecognizer.trainer.training.Learner;
import dev.digitrecognizer.trainer.training.MnistSet;
import dev.digitrecognizer.trainer.training.TrainingLoop;
import dev.digitrecognizer.trainer.training.TrainingOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * A small model trained here gives the same answers through ONNX Runtime as in the code that
 * trained it: identical argmax and probabilities within 1e-4 on 1000 test images.
 */
class ExportParityTest {
    private static final int IMAGES = 1000;
    private static final int CLASSES = ModelContract.CLASSES;

    @Test
    void mlpExportMatchesDjl() throws Exception {
        try (Learner learner = new DjlLearner(DjlNetwork.MLP, 1)) {
            assertParity(ModelKind.MLP, learner, 4000);
        }
    }

    @Test
    void cnnExportWithFoldedBatchNormMatchesDjl() throws Exception {
        try (Learner learner = new DjlLearner(DjlNetwork.CNN, 1)) {
            assertParity(ModelKind.CNN, learner, 1500);
        }
    }

    @Test
    void scratchExportMatchesTheJavaNetwork() throws Exception {
        try (Learner learner = new ScratchLearner(new int[] {ModelContract.PIXELS, 64, ModelContract.CLASSES}, 1)) {
            assertParity(ModelKind.SCRATCH, learner, 10000);
        }
    }

    private static void assertParity(ModelKind kind, Learner learner, int trainImages) throws Exception {
        TrainingOptions options = new TrainingOptions(
                1,
                64,
                1e-3f,
                1,
                EnumSet.noneOf(Augmentation.class),
                1,
                trainImages,
                1,
                Path.of("unused"),
                Path.of("unused"));
        Mnist test = TestData.test().head(IMAGES);
        Mnist train = TestData.train().head(trainImages);
        new TrainingLoop(options, new PrintStream(OutputStream.nullOutputStream()))
                .run(learner, new MnistSet(train, new Augmenter(train, options.augmentations(), 1, 1)), test);

        float[] expected = TrainingLoop.predict(learner, test);
        float[] actual;
        try (OnnxModel model = new OnnxModel(OnnxExporter.export(kind.id(), learner.layers(), kind.classes()))) {
            actual = model.predict(test.images(), test.size());
        }

        double maxDifference = 0;
        for (int i = 0; i < IMAGES; i++) {
            assertEquals(
                    Accuracy.argmax(expected, i, CLASSES), Accuracy.argmax(actual, i, CLASSES), "argmax of image " + i);
            for (int c = 0; c < CLASSES; c++) {
                int at = i * CLASSES + c;
                maxDifference = Math.max(maxDifference, Math.abs(expected[at] - actual[at]));
            }
        }
        assertTrue(maxDifference <= 1e-4, kind + ": max probability difference " + maxDifference);
        // The parity is about a model that learnt something, not a constant one.
        assertTrue(Accuracy.of(actual, test.labels()) > 0.8, kind + " accuracy " + Accuracy.of(actual, test.labels()));
    }
}
