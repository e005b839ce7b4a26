package dev.digitrecognizer.trainer.repository;

import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.trainer.training.Learner;
import dev.digitrecognizer.trainer.training.TrainingOptions;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a served model is and how it was made; written as {@code card.json} beside the model. A
 * model that is the mean of several trained networks has no training of its own: its {@code
 * members} are the cards those networks were written with.
 */
public record ModelCard(
        String name,
        String architecture,
        String framework,
        long parameters,
        Training training,
        String command,
        String file,
        String sha256,
        long sizeBytes,
        Tensor input,
        Tensor output,
        double testAccuracy,
        String testSet,
        List<ModelCard> members) {

    private static final String TEST_SET = "MNIST test set (10,000 images), ONNX Runtime on the exported file";

    /**
     * The card of a model exported from {@code learner}: the file's facts are read from its bytes,
     * the tensors from the {@link ModelContract}.
     *
     * @param testAccuracy as ONNX Runtime measured the exported file on the MNIST test set
     */
    public static ModelCard of(
            String name,
            Learner learner,
            Training training,
            int classes,
            String command,
            byte[] model,
            double testAccuracy) {
        return written(
                name,
                learner.architecture(),
                learner.framework(),
                learner.parameterCount(),
                training,
                command,
                classes,
                model,
                testAccuracy,
                null);
    }

    /**
     * The card of the mean of {@code members}' outputs, exported as one model.
     *
     * @param testAccuracy as ONNX Runtime measured the exported file on the MNIST test set
     */
    public static ModelCard ensemble(
            String name, List<ModelCard> members, int classes, String command, byte[] model, double testAccuracy) {
        return written(
                name,
                "the mean of the softmax outputs of " + members.size() + " networks in one graph, each: "
                        + members.stream()
                                .map(ModelCard::architecture)
                                .distinct()
                                .collect(Collectors.joining("; or ")),
                members.stream().map(ModelCard::framework).distinct().collect(Collectors.joining("; ")),
                members.stream().mapToLong(ModelCard::parameters).sum(),
                null,
                command,
                classes,
                model,
                testAccuracy,
                List.copyOf(members));
    }

    /** A card with the file's facts read from its bytes and the tensors from the {@link ModelContract}. */
    private static ModelCard written(
            String name,
            String architecture,
            String framework,
            long parameters,
            Training training,
            String command,
            int classes,
            byte[] model,
            double testAccuracy,
            List<ModelCard> members) {
        return new ModelCard(
                name,
                architecture,
                framework,
                parameters,
                training,
                command,
                ModelRepository.MODEL_FILE,
                ModelRepository.sha256(model),
                model.length,
                Tensor.INPUT,
                Tensor.output(classes),
                testAccuracy,
                TEST_SET,
                members);
    }

    /**
     * @param augmentedShare the fraction of training images augmented in each epoch
     * @param trainImages    images an epoch, the feedback drawings' repeats among them
     * @param feedback       the users' corrected drawings mixed in, or null when there were none
     * @param fineTunedFrom  the sha256 of the model file training started from, or null for a network
     *                       trained from its initial weights
     */
    public record Training(
            int epochs,
            int batchSize,
            String optimizer,
            List<String> augmentation,
            double augmentedShare,
            long seed,
            int trainImages,
            int threads,
            double wallTimeSeconds,
            Feedback feedback,
            String fineTunedFrom) {

        /** A run with {@code options} on {@code trainImages} images; the wall time is kept to a tenth of a second. */
        public static Training of(TrainingOptions options, int trainImages, double wallTimeSeconds) {
            return of(options, trainImages, wallTimeSeconds, null, null);
        }

        /** As {@link #of(TrainingOptions, int, double)}, with feedback drawings and the model it started from. */
        public static Training of(
                TrainingOptions options,
                int trainImages,
                double wallTimeSeconds,
                Feedback feedback,
                String fineTunedFrom) {
            return new Training(
                    options.epochs(),
                    options.batchSize(),
                    String.format(
                            Locale.ROOT, "Adam, learning rate %s with cosine decay to 1%%", options.learningRate()),
                    options.augmentations().stream()
                            .map(a -> a.name().toLowerCase(Locale.ROOT))
                            .toList(),
                    options.augmentedShare(),
                    options.seed(),
                    trainImages,
                    options.threads(),
                    Math.round(wallTimeSeconds * 10) / 10.0,
                    feedback,
                    fineTunedFrom);
        }
    }

    /**
     * The drawings users corrected that a run learnt from ({@code --extra-data}).
     *
     * @param images          the export's drawings the model learnt from
     * @param skipped         the export's drawings it left out: "not a digit" ones, for a digit model
     * @param repeatsPerEpoch how many times each drawing was shown an epoch, augmented afresh each time
     * @param sha256          of the export's zip file (of its images file then its labels file, for a directory)
     */
    public record Feedback(int images, int skipped, int repeatsPerEpoch, String sha256) {}

    /** @param shape -1 for the batch */
    public record Tensor(String name, String datatype, List<Integer> shape) {
        public static final Tensor INPUT =
                new Tensor(ModelContract.INPUT, ModelContract.DATATYPE, List.of(-1, ModelContract.PIXELS));

        public static Tensor output(int classes) {
            return new Tensor(ModelContract.OUTPUT, ModelContract.DATATYPE, List.of(-1, classes));
        }
    }
}
