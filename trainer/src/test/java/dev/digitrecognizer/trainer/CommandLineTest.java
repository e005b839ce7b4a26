package dev.digitrecognizer.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.trainer.repository.ModelCard;
import dev.digitrecognizer.trainer.repository.ModelRepository;
import dev.digitrecognizer.trainer.training.TrainingOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code trainer/train.sh <model>} with no options trains the recipe of the committed model, and each
 * committed network's command trains its recipe; the feedback options change it as documented.
 */
class CommandLineTest {

    /**
     * Each committed network's card records the command that trained it; that command line parses
     * to the card's recipe. One network of each model is the default recipe, {@code trainer/train.sh
     * <model>} with no option but where it reads and writes (the cnn's other network is named with
     * options).
     */
    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void eachCommittedNetworkIsWhatItsCommandTrains(ModelKind kind) throws Exception {
        ModelCard card = new ModelRepository(ServedModels.repository()).readCard(kind.id());
        List<ModelCard> networks = card.members() == null ? List.of(card) : card.members();
        String command = "trainer/train.sh " + kind.id();
        assertTrue(
                networks.stream()
                        .anyMatch(n -> n.command()
                                .replaceAll(" --(models|data) \\S+", "")
                                .equals(command)),
                "a network of the default recipe");
        for (ModelCard network : networks) {
            CommandLine line = CommandLine.parse(
                    network.command().substring("trainer/train.sh ".length()).split(" "));
            TrainingOptions options = line.options();
            ModelCard.Training recipe = network.training();
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
            assertEquals(
                    recipe.trainImages(),
                    options.trainLimit() + line.fontDigits() + line.penDigits() + kind.nonDigits(),
                    "training images");
        }
    }

    @Test
    void extraDataIsReadFromTheNamedFileAndRepeatedAsDerivedUnlessTold() {
        CommandLine derived = CommandLine.parse(new String[] {"mlp", "--extra-data", "feedback.zip"});
        assertEquals(Path.of("feedback.zip"), derived.extraData());
        assertEquals(0, derived.extraRepeats());
        assertNull(derived.fineTune());
        assertEquals(ModelKind.MLP.epochs(), derived.options().epochs());
        CommandLine told = CommandLine.parse(new String[] {"mlp", "--extra-data", "export", "--extra-repeat", "7"});
        assertEquals(7, told.extraRepeats());
    }

    @Test
    void fineTuningRunsAFewEpochsAtALowRateUnlessTold() {
        CommandLine fineTune =
                CommandLine.parse(new String[] {"scratch", "--fine-tune", "models/scratch/1/model.onnx"});
        assertEquals(Path.of("models/scratch/1/model.onnx"), fineTune.fineTune());
        assertEquals(CommandLine.FINE_TUNE_EPOCHS, fineTune.options().epochs());
        assertEquals(CommandLine.FINE_TUNE_LEARNING_RATE, fineTune.options().learningRate());
        TrainingOptions told = CommandLine.parse(
                        new String[] {"mlp", "--epochs", "5", "--fine-tune", "m.onnx", "--learning-rate", "0.0003"})
                .options();
        assertEquals(5, told.epochs());
        assertEquals(3e-4f, told.learningRate());
    }

    @Test
    void refusesToFineTuneAModelWithFoldedBatchNormAndRepeatsWithoutExtraData() {
        for (ModelKind kind : new ModelKind[] {ModelKind.CNN, ModelKind.DETECTOR}) {
            UsageException e = assertThrows(
                    UsageException.class, () -> CommandLine.parse(new String[] {kind.id(), "--fine-tune", "x.onnx"}));
            assertTrue(e.getMessage().contains("batch norm is folded"), e.getMessage());
            assertTrue(e.getMessage().contains("retrain it with --extra-data instead"), e.getMessage());
        }
        UsageException e = assertThrows(
                UsageException.class, () -> CommandLine.parse(new String[] {"mlp", "--extra-repeat", "3"}));
        assertEquals("--extra-repeat needs --extra-data", e.getMessage());
    }
}
