package dev.digitrecognizer.trainer.training;

import dev.digitrecognizer.trainer.augment.Augmentation;
import java.nio.file.Path;
import java.util.Set;

/** Everything a training run is told; {@link dev.digitrecognizer.trainer.ModelKind} gives the defaults. */
public record TrainingOptions(
        int epochs,
        int batchSize,
        float learningRate,
        long seed,
        Set<Augmentation> augmentations,
        double augmentedShare,
        int trainLimit,
        int threads,
        Path dataDir,
        Path modelsDir) {}
