package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.digitrecognizer.fixtures.Images;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of damaged images through the one entry point: bytes flipped, runs overwritten,
 * cut short, spliced with themselves, or with a header that declares other dimensions. Each must
 * become a model input or an {@link ImageRejected} with a sentence, never any other exception,
 * and never hang. Seeded, so a failure names the mutant that caused it.
 */
class PreprocessorFuzzTest {
    private static final int MUTANTS = 2_000;
    private final Preprocessor preprocessor = new Preprocessor();

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg"})
    void damagedImagesAreReadOrRejectedNeverAnythingElse(String format) {
        byte[] valid = Images.encode(drawing(format.equals("png")), format);
        SplittableRandom random = new SplittableRandom(format.hashCode());
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int n = 0; n < MUTANTS; n++) {
                byte[] mutant = mutate(valid, random);
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

    private static byte[] mutate(byte[] valid, SplittableRandom random) {
        byte[] bytes = valid.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int i = random.nextInt(1, 9); i > 0; i--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                int from = random.nextInt(bytes.length);
                Arrays.fill(
                        bytes, from, Math.min(bytes.length, from + random.nextInt(1, 64)), (byte) random.nextInt(256));
            }
            case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(1, bytes.length));
            case 3 -> {
                int cut = random.nextInt(bytes.length);
                byte[] spliced = Arrays.copyOf(bytes, cut + bytes.length);
                System.arraycopy(bytes, 0, spliced, cut, bytes.length);
                bytes = spliced;
            }
            default -> {
                // The dimensions: PNG's IHDR width and height, or bytes where a JPEG's SOF usually sits.
                int at = random.nextInt(12, Math.min(bytes.length - 4, 200));
                bytes[at] = (byte) random.nextInt(256);
                bytes[at + 1] = (byte) random.nextInt(256);
            }
        }
        return bytes;
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
