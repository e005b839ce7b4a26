package dev.digitrecognizer.trainer;

import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.trainer.augment.Augmentation;
import dev.digitrecognizer.trainer.djl.DjlLearner;
import dev.digitrecognizer.trainer.djl.DjlNetwork;
import dev.digitrecognizer.trainer.scratch.ScratchLearner;
import dev.digitrecognizer.trainer.training.Learner;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The three models the system serves, with the defaults their full training runs use. */
public enum ModelKind {
    MLP(30, 128, 1e-3f, EnumSet.complementOf(EnumSet.of(Augmentation.STROKE)), 1),
    CNN(40, 128, 1e-3f, EnumSet.complementOf(EnumSet.of(Augmentation.SHIFT)), 0.5),
    SCRATCH(30, 64, 1e-3f, EnumSet.allOf(Augmentation.class), 1);

    private static final int SCRATCH_HIDDEN_UNITS = 512;

    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final Set<Augmentation> augmentations;
    private final double augmentedShare;

    ModelKind(int epochs, int batchSize, float learningRate, Set<Augmentation> augmentations, double augmentedShare) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.augmentations = augmentations;
        this.augmentedShare = augmentedShare;
    }

    public static ModelKind parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown model '" + name + "' (expected one of " + names() + ")");
        }
    }

    public static String names() {
        return Arrays.stream(values()).map(ModelKind::id).collect(Collectors.joining(", "));
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public float learningRate() {
        return learningRate;
    }

    public Set<Augmentation> augmentations() {
        return augmentations;
    }

    public double augmentedShare() {
        return augmentedShare;
    }

    public Learner newLearner(long seed) {
        return switch (this) {
            case MLP -> new DjlLearner(DjlNetwork.MLP, seed);
            case CNN -> new DjlLearner(DjlNetwork.CNN, seed);
            case SCRATCH ->
                new ScratchLearner(new int[] {ModelContract.PIXELS, SCRATCH_HIDDEN_UNITS, ModelContract.CLASSES}, seed);
        };
    }
}
