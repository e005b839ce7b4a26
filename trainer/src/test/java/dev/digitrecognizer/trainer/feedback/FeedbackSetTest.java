package dev.digitrecognizer.trainer.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.trainer.TestData;
import dev.digitrecognizer.trainer.augment.Augmentation;
import dev.digitrecognizer.trainer.augment.Augmenter;
import dev.digitrecognizer.trainer.training.MnistSet;
import dev.digitrecognizer.trainer.training.TrainingOptions;
import dev.digitrecognizer.trainer.training.TrainingSet;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The feedback drawings mixed into every epoch: how many, with which labels, augmented afresh. */
class FeedbackSetTest {
    private static final Mnist TRAIN = TestData.train().head(100);
    /** Seven drawings: MNIST test digits standing in for users' drawings. */
    private static final Mnist DRAWINGS = TestData.test().head(7);

    private static FeedbackSet set(int repeats) {
        TrainingOptions options = new TrainingOptions(
                1,
                10,
                1e-3f,
                9,
                EnumSet.allOf(Augmentation.class),
                1,
                TRAIN.size(),
                1,
                Path.of("unused"),
                Path.of("unused"));
        TrainingSet base = new MnistSet(TRAIN, new Augmenter(TRAIN, EnumSet.noneOf(Augmentation.class), 1, 9));
        return FeedbackSet.of(base, DRAWINGS, options, repeats);
    }

    @Test
    void anEpochHoldsTheBaseSetThenEachDrawingOnceARepeat() {
        FeedbackSet set = set(3);
        assertEquals(21, set.feedbackImages());
        assertEquals(121, set.size());
        TrainingSet.Epoch epoch = set.epoch(0);
        assertEquals(121, epoch.labels().length);
        assertEquals(121 * Mnist.PIXELS, epoch.images().length);
        assertArrayEquals(TRAIN.labels(), Arrays.copyOf(epoch.labels(), 100));
        assertArrayEquals(TRAIN.images(), Arrays.copyOf(epoch.images(), 100 * Mnist.PIXELS));
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(
                    DRAWINGS.labels(), Arrays.copyOfRange(epoch.labels(), 100 + 7 * r, 107 + 7 * r), "repeat " + r);
        }
        int[] perLabel = new int[10];
        for (int i = 100; i < 121; i++) {
            perLabel[epoch.labels()[i]]++;
        }
        int[] expected = new int[10];
        for (int label : DRAWINGS.labels()) {
            expected[label] += 3;
        }
        assertArrayEquals(expected, perLabel);
    }

    @Test
    void eachRepeatIsAugmentedAfreshAndAnEpochIsTheSameForTheSameSeed() {
        TrainingSet.Epoch epoch = set(2).epoch(4);
        float[] first = Arrays.copyOfRange(epoch.images(), 100 * Mnist.PIXELS, 107 * Mnist.PIXELS);
        float[] second = Arrays.copyOfRange(epoch.images(), 107 * Mnist.PIXELS, 114 * Mnist.PIXELS);
        assertFalse(Arrays.equals(first, second), "two repeats of the same drawings");
        assertFalse(Arrays.equals(first, Arrays.copyOf(DRAWINGS.images(), 7 * Mnist.PIXELS)), "augmented");
        assertArrayEquals(epoch.images(), set(2).epoch(4).images());
        assertFalse(Arrays.equals(epoch.images(), set(2).epoch(5).images()));
    }

    @Test
    void theDerivedRepeatsMakeTheDrawingsAboutOneAndAHalfPercentOfAnEpoch() {
        assertEquals(4, FeedbackSet.repeats(80_000, 300)); // 1,200 of 81,200 images
        assertEquals(3, FeedbackSet.repeats(60_000, 300));
        assertEquals(FeedbackSet.MAX_REPEATS, FeedbackSet.repeats(60_000, 5));
        assertEquals(1, FeedbackSet.repeats(60_000, 100_000));
    }
}
