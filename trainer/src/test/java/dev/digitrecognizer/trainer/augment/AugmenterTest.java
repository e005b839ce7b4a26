package dev.digitrecognizer.trainer.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.trainer.TestData;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    private static final Mnist DATA = TestData.test().head(400);
    private static final Set<Augmentation> ALL = EnumSet.allOf(Augmentation.class);

    @Test
    void anEpochIsTheSameForTheSameSeedAndEpoch() {
        float[] first = new Augmenter(DATA, ALL, 1, 42).epoch(3);
        assertArrayEquals(first, new Augmenter(DATA, ALL, 1, 42).epoch(3));
        assertFalse(Arrays.equals(first, new Augmenter(DATA, ALL, 1, 42).epoch(4)));
        assertFalse(Arrays.equals(first, new Augmenter(DATA, ALL, 1, 7).epoch(3)));
    }

    @Test
    void everyAugmentationKeepsPixelsBetweenZeroAndOne() {
        for (Augmentation augmentation : Augmentation.values()) {
            for (float v : new Augmenter(DATA, EnumSet.of(augmentation), 1, 42).epoch(0)) {
                assertTrue(v >= 0 && v <= 1.0001f, augmentation + " made a pixel " + v);
            }
        }
    }

    @Test
    void theShareSetsHowManyImagesChange() {
        assertEquals(0.5, changedShare(new Augmenter(DATA, EnumSet.of(Augmentation.ROTATE), 0.5, 42).epoch(0)), 0.07);
        assertEquals(
                0.5,
                changedShare(new Augmenter(DATA, EnumSet.of(Augmentation.STROKE), 1, 42).epoch(0)),
                0.07,
                "strokes redraw half the images");
        assertEquals(0, changedShare(new Augmenter(DATA, EnumSet.noneOf(Augmentation.class), 1, 42).epoch(0)));
    }

    private static double changedShare(float[] epoch) {
        int changed = 0;
        for (int i = 0; i < DATA.size(); i++) {
            int from = i * Mnist.PIXELS;
            if (!Arrays.equals(epoch, from, from + Mnist.PIXELS, DATA.images(), from, from + Mnist.PIXELS)) {
                changed++;
            }
        }
        return (double) changed / DATA.size();
    }
}
