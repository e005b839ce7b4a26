package dev.digitrecognizer.trainer.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.trainer.augment.Augmentation;
import dev.digitrecognizer.trainer.scratch.ScratchLearner;
import dev.digitrecognizer.trainer.training.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The card records the feedback drawings a model learnt from and the model it was fine-tuned from. */
class ModelCardTest {
    private static final TrainingOptions OPTIONS = new TrainingOptions(
            3, 64, 1e-4f, 42, EnumSet.of(Augmentation.ROTATE), 1, 60_000, 1, Path.of("data"), Path.of("models"));
    private static final String EXPORT_SHA256 = "ab".repeat(32);
    private static final String START_SHA256 = "cd".repeat(32);

    @TempDir
    Path dir;

    private ModelCard card(ModelCard.Training training) {
        byte[] model = {1, 2, 3};
        return ModelCard.of(
                "scratch",
                new ScratchLearner(new int[] {ModelContract.PIXELS, 4, ModelContract.CLASSES}, 1),
                training,
                ModelContract.CLASSES,
                "trainer/train.sh scratch --extra-data feedback.zip",
                model,
                0.99);
    }

    @Test
    void recordsTheFeedbackDrawingsAndTheModelFineTunedFrom() throws IOException {
        ModelRepository repository = new ModelRepository(dir);
        Files.createDirectories(dir.resolve("scratch"));
        ModelCard.Feedback feedback = new ModelCard.Feedback(300, 12, 13, EXPORT_SHA256);
        repository.writeCard(card(ModelCard.Training.of(OPTIONS, 63_900, 95.04, feedback, START_SHA256)));

        ModelCard read = repository.readCard("scratch");
        assertEquals(feedback, read.training().feedback());
        assertEquals(START_SHA256, read.training().fineTunedFrom());
        assertEquals(63_900, read.training().trainImages());
        String json = Files.readString(dir.resolve("scratch").resolve("card.json"));
        assertTrue(json.contains("\"feedback\": {\n      \"images\": 300,"), json);
        String readme = Files.readString(dir.resolve("scratch").resolve("README.md"));
        assertTrue(readme.contains("| Fine-tuned from | `" + START_SHA256 + "` (sha256) |\n"), readme);
        assertTrue(
                readme.contains("| Feedback drawings | 300, each 13 times an epoch (12 not-a-digit ones left out);"
                        + " export sha256 `" + EXPORT_SHA256 + "` |\n| Test accuracy |"),
                readme);
    }

    @Test
    void aCardWithoutFeedbackSaysNothingOfIt() throws IOException {
        ModelRepository repository = new ModelRepository(dir);
        Files.createDirectories(dir.resolve("scratch"));
        repository.writeCard(card(ModelCard.Training.of(OPTIONS, 60_000, 95)));

        assertNull(repository.readCard("scratch").training().feedback());
        assertNull(repository.readCard("scratch").training().fineTunedFrom());
        String json = Files.readString(dir.resolve("scratch").resolve("card.json"));
        assertFalse(json.contains("\"feedback\":") || json.contains("fineTunedFrom"), json);
        String readme = Files.readString(dir.resolve("scratch").resolve("README.md"));
        assertTrue(readme.contains("| Training wall time | 95 s on 1 thread(s) |\n| Test accuracy |"), readme);
    }
}
