package dev.digitrecognizer.trainer.repository;

import java.util.List;

/** What a served model is and how it was made; written as {@code card.json} beside the model. */
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
        String testSet) {

    /** @param augmentedShare the fraction of training images augmented in each epoch */
    public record Training(int epochs, int batchSize, String optimizer, List<String> augmentation,
                           double augmentedShare, long seed, int trainImages, int threads, double wallTimeSeconds) {
    }

    public record Tensor(String name, String datatype, List<Integer> shape) {
    }
}
