package dev.digitrecognizer.trainer;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.trainer.augment.Augmentation;
import dev.digitrecognizer.trainer.augment.Augmenter;
import dev.digitrecognizer.trainer.djl.DjlLearner;
import dev.digitrecognizer.trainer.djl.DjlNetwork;
import dev.digitrecognizer.trainer.scratch.ScratchLearner;
import dev.digitrecognizer.trainer.synth.FontBook;
import dev.digitrecognizer.trainer.synth.MixedSet;
import dev.digitrecognizer.trainer.training.Learner;
import dev.digitrecognizer.trainer.training.MnistSet;
import dev.digitrecognizer.trainer.training.TrainingOptions;
import dev.digitrecognizer.trainer.training.TrainingSet;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The models the system serves, with the defaults their full training runs use: three digit
 * classifiers, and the detector that tells digits from marks that are not digits.
 */
public enum ModelKind {
    MLP(30, 128, 1e-3f, EnumSet.complementOf(EnumSet.of(Augmentation.STROKE, Augmentation.LOWRES)), 1, 0, 0, 0),
    CNN(40, 128, 1e-3f, EnumSet.complementOf(EnumSet.of(Augmentation.SHIFT, Augmentation.LOWRES)), 0.5, 0, 0, 0),
    SCRATCH(30, 64, 1e-3f, EnumSet.allOf(Augmentation.class), 1, 10_000, 10_000, 0),
    DETECTOR(10, 128, 1e-3f, EnumSet.complementOf(EnumSet.of(Augmentation.SHIFT)), 0.7, 15_000, 20_000, 45_000);

    /** Where Debian installs fonts; font digits and marks are drawn with {@link FontBook}'s. */
    private static final Path FONTS = Path.of("/usr/share/fonts");

    private static final int SCRATCH_HIDDEN_UNITS = 512;

    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final Set<Augmentation> augmentations;
    private final double augmentedShare;
    private final int fontDigits;
    private final int brushDigits;
    private final int nonDigits;

    /**
     * @param fontDigits digits set in the training fonts, added to each epoch
     * @param brushDigits MNIST training digits redrawn with other pens, added to each epoch
     * @param nonDigits  marks that are not digits, added to each epoch
     */
    ModelKind(
            int epochs,
            int batchSize,
            float learningRate,
            Set<Augmentation> augmentations,
            double augmentedShare,
            int fontDigits,
            int brushDigits,
            int nonDigits) {
        this.fontDigits = fontDigits;
        this.brushDigits = brushDigits;
        this.nonDigits = nonDigits;
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

    /** Marks that are not digits added to each epoch: the detector's, which no option changes. */
    public int nonDigits() {
        return nonDigits;
    }

    /** Digits set in the training fonts added to each epoch, unless {@code --font-digits} says otherwise. */
    public int fontDigits() {
        return fontDigits;
    }

    /** MNIST digits redrawn with other pens added to each epoch, unless {@code --pen-digits} says otherwise. */
    public int penDigits() {
        return brushDigits;
    }

    /**
     * Whether training can resume from the model's exported file: it holds every trained parameter
     * of the mlp and the scratch network, while the cnn's and the detector's batch norms are folded
     * into the layers before them at export and cannot be taken apart again.
     */
    public boolean fineTunable() {
        return this == MLP || this == SCRATCH;
    }

    /** Width of the model's output: the ten digits, and for the detector "not a digit" after them. */
    public int classes() {
        return this == DETECTOR ? MixedSet.CLASSES : ModelContract.CLASSES;
    }

    /**
     * What the model learns from: MNIST's training digits augmented, {@code fontDigits} font digits
     * and {@code penDigits} pen digits, and the model's marks that are not digits.
     */
    public TrainingSet trainingSet(Mnist train, TrainingOptions options, int fontDigits, int penDigits) {
        Augmenter augmenter = new Augmenter(train, options.augmentations(), options.augmentedShare(), options.seed());
        return fontDigits + penDigits + nonDigits == 0
                ? new MnistSet(train, augmenter)
                : new MixedSet(
                        train, augmenter, FontBook.load(FONTS), fontDigits, penDigits, nonDigits, options.seed());
    }

    public Learner newLearner(long seed) {
        return switch (this) {
            case MLP -> new DjlLearner(DjlNetwork.MLP, seed);
            case CNN -> new DjlLearner(DjlNetwork.CNN, seed);
            case DETECTOR -> new DjlLearner(DjlNetwork.DETECTOR, seed);
            case SCRATCH ->
                new ScratchLearner(new int[] {ModelContract.PIXELS, SCRATCH_HIDDEN_UNITS, ModelContract.CLASSES}, seed);
        };
    }
}
