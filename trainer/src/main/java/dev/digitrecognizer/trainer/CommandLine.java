package dev.digitrecognizer.trainer;

import dev.digitrecognizer.trainer.augment.Augmentation;
import dev.digitrecognizer.trainer.training.TrainingOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code <model> [--option value]...} into a model, its training options and what it learns
 * from beside its recipe.
 *
 * @param extraData    a feedback export to mix into every epoch ({@code --extra-data}), or null
 * @param extraRepeats how many times each of its drawings is shown an epoch; 0 derives it
 * @param fineTune     the model file training starts from ({@code --fine-tune}), or null
 * @param fontDigits   digits set in the training fonts added to each epoch ({@code --font-digits})
 * @param penDigits    MNIST digits redrawn with other pens added to each epoch ({@code --pen-digits})
 * @param ensemble     model repositories whose trained networks of this model to export as one, their
 *                     outputs averaged, instead of training ({@code --ensemble}); empty to train
 */
record CommandLine(
        ModelKind model,
        TrainingOptions options,
        Path extraData,
        int extraRepeats,
        Path fineTune,
        int fontDigits,
        int penDigits,
        List<Path> ensemble) {
    /** Epochs of a fine-tuning run unless {@code --epochs} says otherwise. */
    static final int FINE_TUNE_EPOCHS = 3;
    /** The learning rate of a fine-tuning run unless {@code --learning-rate} says otherwise. */
    static final float FINE_TUNE_LEARNING_RATE = 1e-4f;

    static final String USAGE =
            "usage: trainer/train.sh <" + String.join("|", ModelKind.names().split(", "))
                    + "> [--epochs N] [--batch-size N] [--learning-rate X] [--seed N]"
                    + " [--augment all|none|shift,rotate,scale,thickness,elastic,stroke,lowres] [--augment-share X] [--train-limit N] [--threads N]"
                    + " [--font-digits N] [--pen-digits N] [--ensemble DIR,DIR...]"
                    + " [--data DIR] [--models DIR] [--extra-data ZIP|DIR] [--extra-repeat N] [--fine-tune MODEL.onnx]";

    static CommandLine parse(String[] args) {
        if (args.length == 0) {
            throw new UsageException("no model named; " + USAGE);
        }
        ModelKind model = ModelKind.parse(args[0]);
        int epochs = model.epochs();
        int batchSize = model.batchSize();
        float learningRate = model.learningRate();
        long seed = 42;
        Set<Augmentation> augmentations = model.augmentations();
        double augmentedShare = model.augmentedShare();
        int trainLimit = 60_000;
        int threads = 1;
        Path data = Path.of("data", "mnist");
        Path models = Path.of("models");
        Path extraData = null;
        int extraRepeats = 0;
        Path fineTune = null;
        int fontDigits = model.fontDigits();
        int penDigits = model.penDigits();
        List<Path> ensemble = List.of();
        boolean epochsGiven = false;
        boolean rateGiven = false;
        for (int i = 1; i < args.length; i += 2) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new UsageException(option + " needs a value");
            }
            String value = args[i + 1];
            switch (option) {
                case "--epochs" -> {
                    epochs = positive(option, value, 1000);
                    epochsGiven = true;
                }
                case "--batch-size" -> batchSize = positive(option, value, 60_000);
                case "--learning-rate" -> {
                    learningRate = (float) fraction(option, value);
                    rateGiven = true;
                }
                case "--seed" -> seed = seed(value);
                case "--augment" -> augmentations = augmentations(value);
                case "--augment-share" -> augmentedShare = fraction(option, value);
                case "--train-limit" -> trainLimit = positive(option, value, 60_000);
                case "--threads" -> threads = positive(option, value, 256);
                case "--data" -> data = Path.of(value);
                case "--models" -> models = Path.of(value);
                case "--extra-data" -> extraData = Path.of(value);
                case "--extra-repeat" -> extraRepeats = positive(option, value, 1000);
                case "--fine-tune" -> fineTune = Path.of(value);
                case "--font-digits" -> fontDigits = count(option, value, 100_000);
                case "--pen-digits" -> penDigits = count(option, value, 100_000);
                case "--ensemble" ->
                    ensemble = Arrays.stream(value.split(",")).map(Path::of).toList();
                default -> throw new UsageException("unknown option '" + option + "'; " + USAGE);
            }
        }
        if (extraRepeats > 0 && extraData == null) {
            throw new UsageException("--extra-repeat needs --extra-data");
        }
        if (ensemble.size() == 1) {
            throw new UsageException("--ensemble needs at least two model repositories, separated by commas");
        }
        if (!ensemble.isEmpty() && (fineTune != null || extraData != null)) {
            throw new UsageException("--ensemble combines trained networks; it trains nothing, so it takes no"
                    + " --fine-tune or --extra-data");
        }
        if (fineTune != null) {
            if (!model.fineTunable()) {
                throw new UsageException("--fine-tune: the " + model.id() + "'s batch norm is folded into its"
                        + " exported weights, so its training cannot resume from the file; retrain it with"
                        + " --extra-data instead");
            }
            epochs = epochsGiven ? epochs : FINE_TUNE_EPOCHS;
            learningRate = rateGiven ? learningRate : FINE_TUNE_LEARNING_RATE;
        }
        return new CommandLine(
                model,
                new TrainingOptions(
                        epochs,
                        batchSize,
                        learningRate,
                        seed,
                        augmentations,
                        augmentedShare,
                        trainLimit,
                        threads,
                        data,
                        models),
                extraData,
                extraRepeats,
                fineTune,
                fontDigits,
                penDigits,
                ensemble);
    }

    private static int positive(String option, String value, int max) {
        return between(option, value, 1, max);
    }

    private static int count(String option, String value, int max) {
        return between(option, value, 0, max);
    }

    private static int between(String option, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw new UsageException(option + " must be between " + min + " and " + max + ", not " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, not '" + value + "'");
        }
    }

    /** A number in (0, 1], as the learning rate and the augmented share are. */
    private static double fraction(String option, String value) {
        try {
            double fraction = Double.parseDouble(value);
            if (!(fraction > 0 && fraction <= 1)) {
                throw new UsageException(option + " must be in (0, 1], not " + value);
            }
            return fraction;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a number, not '" + value + "'");
        }
    }

    private static long seed(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--seed takes a whole number, not '" + value + "'");
        }
    }

    private static Set<Augmentation> augmentations(String value) {
        try {
            return Augmentation.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
