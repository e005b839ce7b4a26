package dev.digitrecognizer.trainer.feedback;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.trainer.augment.Augmenter;
import dev.digitrecognizer.trainer.training.TrainingOptions;
import dev.digitrecognizer.trainer.training.TrainingSet;

/**
 * A model's training set with the drawings users corrected mixed into every epoch: each drawing
 * {@link #repeats()} times, each time augmented afresh as the MNIST digits are, so that a few hundred
 * drawings count against tens of thousands of others. The epoch's order is shuffled by the
 * training loop, which sees them as any other image.
 */
public final class FeedbackSet implements TrainingSet {
    /**
     * The share of an epoch the derived number of repeats aims the feedback drawings at: 1.5%. More
     * fixed the corrected style no better and cost other digits (trainer/README.md, "Learning from
     * users' corrections").
     */
    public static final double SHARE = 0.015;
    /** The most times a drawing is repeated by default: a handful of drawings should not be learnt by heart. */
    public static final int MAX_REPEATS = 20;
    /** Mixed into the run's seed, so that the drawings' augmentation does not repeat the MNIST images'. */
    private static final long SEED = 0x5EEDBACCL;

    private final TrainingSet base;
    private final Mnist drawings;
    private final Augmenter augmenter;
    private final int repeats;

    /**
     * @param augmenter augments {@code drawings}; its epoch {@code e * repeats + r} is the r-th copy in epoch e
     */
    public FeedbackSet(TrainingSet base, Mnist drawings, Augmenter augmenter, int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, not " + repeats);
        }
        this.base = base;
        this.drawings = drawings;
        this.augmenter = augmenter;
        this.repeats = repeats;
    }

    /**
     * The drawings mixed into {@code base}, augmented with the run's augmentations on the run's
     * share of them, from a seed of their own.
     */
    public static FeedbackSet of(TrainingSet base, Mnist drawings, TrainingOptions options, int repeats) {
        Augmenter augmenter =
                new Augmenter(drawings, options.augmentations(), options.augmentedShare(), options.seed() ^ SEED);
        return new FeedbackSet(base, drawings, augmenter, repeats);
    }

    /**
     * How many times each of {@code drawings} is shown an epoch beside {@code baseSize} other images by
     * default: enough to make them about {@link #SHARE} of the epoch, at least once and at most
     * {@value #MAX_REPEATS} times.
     */
    public static int repeats(int baseSize, int drawings) {
        long aimed = Math.round(SHARE * baseSize / Math.max(1, drawings));
        return (int) Math.max(1, Math.min(MAX_REPEATS, aimed));
    }

    public int repeats() {
        return repeats;
    }

    /** The feedback drawings an epoch holds: each drawing, times its repeats. */
    public int feedbackImages() {
        return drawings.size() * repeats;
    }

    @Override
    public int size() {
        return base.size() + feedbackImages();
    }

    @Override
    public Epoch epoch(int epoch) {
        Epoch first = base.epoch(epoch);
        float[] images = new float[size() * Mnist.PIXELS];
        int[] labels = new int[size()];
        System.arraycopy(first.images(), 0, images, 0, base.size() * Mnist.PIXELS);
        System.arraycopy(first.labels(), 0, labels, 0, base.size());
        int block = drawings.size();
        for (int r = 0; r < repeats; r++) {
            int at = base.size() + r * block;
            System.arraycopy(augmenter.epoch(epoch * repeats + r), 0, images, at * Mnist.PIXELS, block * Mnist.PIXELS);
            System.arraycopy(drawings.labels(), 0, labels, at, block);
        }
        return new Epoch(images, labels);
    }
}
