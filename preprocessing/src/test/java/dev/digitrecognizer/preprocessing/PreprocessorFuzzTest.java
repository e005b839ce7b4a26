package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.Mutations;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of damaged images through the one entry point (see {@link Mutations}), with bytes
 * that make a PNG chunk length, a JPEG marker or a declared dimension absurd. Each must
 * become a model input or an {@link ImageRejected} with a sentence, never any other exception,
 * and never hang. Seeded, so a failure names the mutant that caused it.
 */
class PreprocessorFuzzTest {
    private static final int MUTANTS = 2_000;
    /** Bytes that make a PNG chunk length or a JPEG marker and dimension absurd. */
    private static final byte[] HEADER_BYTES = {
        0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff, (byte) 0xd8, (byte) 0xc0, (byte) 0xda
    };

    private final Preprocessor preprocessor = new Preprocessor();

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg"})
    void damagedImagesAreReadOrRejectedNeverAnythingElse(String format) {
        byte[] valid = Images.encode(drawing(format.equals("png")), format);
        SplittableRandom random = new SplittableRandom(format.hashCode());
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int n = 0; n < MUTANTS; n++) {
                byte[] mutant = Mutations.damage(valid, HEADER_BYTES, random);
                try {
                    preprocessor.toModelInput(mutant);
                } catch (ImageRejected rejected) {
                    if (rejected.getMessage() == null || rejected.getMessage().isBlank()) {
                        throw new AssertionError(format + " mutant " + n + " was rejected without a sentence");
                    }
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(format + " mutant " + n + " (" + mutant.length + " bytes) threw " + e, e);
                }
            }
        });
    }

    private static BufferedImage drawing(boolean transparent) {
        BufferedImage image =
                new BufferedImage(96, 96, transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        if (!transparent) {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 96, 96);
        }
        g.setColor(Color.BLACK);
        g.fillOval(30, 15, 36, 66);
        g.dispose();
        return image;
    }
}
