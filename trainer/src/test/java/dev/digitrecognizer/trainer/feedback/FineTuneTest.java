package dev.digitrecognizer.trainer.feedback;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.trainer.TestData;
import dev.digitrecognizer.trainer.augment.Augmentation;
import dev.digitrecognizer.trainer.augment.Augmenter;
import dev.digitrecognizer.trainer.onnx.OnnxExporter;
import dev.digitrecognizer.trainer.onnx.OnnxImporter;
import dev.digitrecognizer.trainer.scratch.ScratchLearner;
import dev.digitrecognizer.trainer.training.Accuracy;
import dev.digitrecognizer.trainer.training.Learner;
import dev.digitrecognizer.trainer.training.MnistSet;
import dev.digitrecognizer.trainer.training.TrainingLoop;
import dev.digitrecognizer.trainer.training.TrainingOptions;
import dev.digitrecognizer.trainer.training.TrainingSet;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The loop in small: a scratch network trained on MNIST, exported, started again from its file and
 * fine-tuned with a few dozen corrected drawings of a style it reads wrong, reads that style better,
 * on the corrections and on other drawings of it, and still reads MNIST. The same fine-tuning
 * without the corrections leaves the style where it was.
 */
class FineTuneTest {
    private static final int[] SIZES = {ModelContract.PIXELS, 32, ModelContract.CLASSES};
    private static final PenStyles.Style STYLE = PenStyles.Style.LONG_FLAG_ONE;
    private static final Mnist TRAIN = TestData.train().head(3000);
    private static final Mnist TEST = TestData.test().head(1000);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static TrainingOptions options(int epochs, float learningRate) {
        return new TrainingOptions(
                epochs,
                32,
                learningRate,
                5,
                EnumSet.of(Augmentation.ROTATE, Augmentation.SCALE),
                1,
                TRAIN.size(),
                1,
                Path.of("unused"),
                Path.of("unused"));
    }

    @Test
    void fineTuningWithCorrectionsMovesTheStyleTowardsItsLabel() {
        TrainingOptions first = options(2, 1e-3f);
        byte[] file;
        try (Learner learner = new ScratchLearner(SIZES, 1)) {
            new TrainingLoop(first, QUIET).run(learner, new MnistSet(TRAIN, augmenter(first)), TEST);
            file = OnnxExporter.export("scratch", learner.layers(), ModelContract.CLASSES);
        }
        Mnist corrections = style(40, 2);
        Mnist others = style(200, 1);
        TrainingOptions fineTune = options(1, 3e-4f);
        double[] before;
        double[] after;
        double[] control;
        try (Learner learner = new ScratchLearner(SIZES, 99)) {
            learner.startFrom(OnnxImporter.layers(file));
            before = figures(learner, corrections, others);
            TrainingSet mnist = new MnistSet(TRAIN, augmenter(fineTune));
            new TrainingLoop(fineTune, QUIET).run(learner, FeedbackSet.of(mnist, corrections, fineTune, 10), TEST);
            after = figures(learner, corrections, others);
        }
        try (Learner learner = new ScratchLearner(SIZES, 99)) {
            learner.startFrom(OnnxImporter.layers(file));
            new TrainingLoop(fineTune, QUIET).run(learner, new MnistSet(TRAIN, augmenter(fineTune)), TEST);
            control = figures(learner, corrections, others);
        }
        String figures = String.format(
                Locale.ROOT,
                "p(1) on the corrections %.3f -> %.3f, on other drawings of the style %.3f -> %.3f (without"
                        + " the corrections %.3f), MNIST %.3f -> %.3f",
                before[0],
                after[0],
                before[1],
                after[1],
                control[1],
                before[2],
                after[2]);
        System.out.println(figures);
        assertTrue(after[0] > before[0] + 0.2, figures);
        assertTrue(after[1] > before[1] + 0.2, figures);
        assertTrue(Math.abs(control[1] - before[1]) < 0.05, figures);
        assertTrue(after[2] > before[2] - 0.02, figures);
    }

    /** The mean probability of the style's label on the corrections and on other drawings of it, and MNIST accuracy. */
    private static double[] figures(Learner learner, Mnist corrections, Mnist others) {
        return new double[] {label(learner, corrections), label(learner, others), accuracy(learner, TEST)};
    }

    private static Augmenter augmenter(TrainingOptions options) {
        return new Augmenter(TRAIN, options.augmentations(), options.augmentedShare(), options.seed());
    }

    private static Mnist style(int count, long seed) {
        int[] labels = new int[count];
        Arrays.fill(labels, STYLE.label());
        return new Mnist(PenStyles.draw(STYLE, count, seed), labels);
    }

    /** The mean probability of the style's label. */
    private static double label(Learner learner, Mnist drawings) {
        float[] p = learner.predict(drawings.images(), drawings.size());
        double sum = 0;
        for (int i = 0; i < drawings.size(); i++) {
            sum += p[i * ModelContract.CLASSES + STYLE.label()];
        }
        return sum / drawings.size();
    }

    private static double accuracy(Learner learner, Mnist data) {
        return Accuracy.of(TrainingLoop.predict(learner, data), data.labels());
    }
}
