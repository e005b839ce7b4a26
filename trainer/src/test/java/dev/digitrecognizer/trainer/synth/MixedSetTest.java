package dev.digitrecognizer.trainer.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.HeldOutDrawings;
import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.trainer.TestData;
import dev.digitrecognizer.trainer.augment.Augmentation;
import dev.digitrecognizer.trainer.augment.Augmenter;
import dev.digitrecognizer.trainer.training.TrainingSet;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class MixedSetTest {
    private static final Mnist TRAIN = TestData.train().head(200);

    private static MixedSet set(long seed) {
        return new MixedSet(
                TRAIN,
                new Augmenter(TRAIN, EnumSet.allOf(Augmentation.class), 0.7, seed),
                FontBook.load(Path.of("/usr/share/fonts")),
                200,
                100,
                500,
                seed);
    }

    @Test
    void anEpochHoldsTheDigitsTheFontDigitsAndTheMarksLabelledAndFramed() {
        TrainingSet.Epoch epoch = set(3).epoch(0);
        assertEquals(1000, epoch.labels().length);
        assertEquals(1000 * Mnist.PIXELS, epoch.images().length);
        int marks = 0;
        for (int i = 0; i < 1000; i++) {
            int label = epoch.labels()[i];
            assertTrue(label >= 0 && label <= MixedSet.NOT_A_DIGIT, "label " + label);
            assertEquals(i >= 500, label == MixedSet.NOT_A_DIGIT, "image " + i);
            marks += label == MixedSet.NOT_A_DIGIT ? 1 : 0;
            float max = 0;
            for (int p = 0; p < Mnist.PIXELS; p++) {
                float v = epoch.images()[i * Mnist.PIXELS + p];
                assertTrue(v >= 0 && v <= 1.0001f, "pixel " + v);
                max = Math.max(max, v);
            }
            assertTrue(max > 0.5f, "image " + i + " has ink");
        }
        assertEquals(500, marks);
    }

    @Test
    void anEpochIsTheSameForTheSameSeedAndDiffersFromTheNext() {
        TrainingSet.Epoch first = set(5).epoch(1);
        assertArrayEquals(first.images(), set(5).epoch(1).images());
        assertFalse(java.util.Arrays.equals(first.images(), set(5).epoch(2).images()));
    }

    @Test
    void drawsWithNoFontTheTestsHoldOut() {
        for (String folder : FontBook.FOLDERS) {
            assertFalse(HeldOutDrawings.FONT_FOLDERS.contains(folder), folder);
        }
        assertTrue(FontBook.load(Path.of("/usr/share/fonts")).fonts().size() >= 50);
    }
}
