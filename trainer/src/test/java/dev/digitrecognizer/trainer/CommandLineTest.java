package dev.digitrecognizer.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.trainer.repository.ModelCard;
import dev.digitrecognizer.trainer.repository.ModelRepository;
import dev.digitrecognizer.trainer.training.TrainingOptions;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code trainer/train.sh <model>} with no options trains the recipe of the committed model. */
class CommandLineTest {

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void theDefaultsAreTheCommittedModelsRecipe(ModelKind kind) throws Exception {
        ModelCard.Training recipe = new ModelRepository(ServedModels.repository())
                .readCard(kind.id())
                .training();
        TrainingOptions options = CommandLine.parse(new String[] {kind.id()}).options();
        assertEquals(recipe.epochs(), options.epochs(), "epochs");
        assertEquals(recipe.batchSize(), options.batchSize(), "batch size");
        assertTrue(recipe.optimizer().contains("learning rate " + options.learningRate()), recipe.optimizer());
        assertEquals(
                recipe.augmentation(),
                options.augmentations().stream()
                        .map(a -> a.name().toLowerCase(Locale.ROOT))
                        .toList(),
                "augmentation");
        assertEquals(recipe.augmentedShare(), options.augmentedShare(), 1e-9, "augmented share");
        assertEquals(recipe.seed(), options.seed(), "seed");
        assertEquals(recipe.trainImages(), options.trainLimit() + kind.addedImages(), "training images");
    }

    @Test
    void extraDataIsReadFromTheNamedFileAndRepeatedAsDerivedUnlessTold() {
        CommandLine derived = CommandLine.parse(new String[] {"mlp", "--extra-data", "feedback.zip"});
        assertEquals(Path.of("feedback.zip"), derived.extraData());
        assertEquals(0, derived.extraRepeats());
        assertEquals(ModelKind.MLP.epochs(), derived.options().epochs());
        CommandLine told = CommandLine.parse(new String[] {"mlp", "--extra-data", "export", "--extra-repeat", "7"});
        assertEquals(7, told.extraRepeats());
    }

    @Test
    void refusesRepeatsWithoutExtraData() {
        UsageException e = assertThrows(
                UsageException.class, () -> CommandLine.parse(new String[] {"mlp", "--extra-repeat", "3"}));
        assertEquals("--extra-repeat needs --extra-data", e.getMessage());
    }
}
