package dev.digitrecognizer.trainer.training;

import dev.digitrecognizer.mnist.Mnist;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Mini-batch training over augmented epochs with a cosine learning-rate schedule that decays
 * to 1% of the base rate. Shuffling and augmentation are seeded, so a run can be repeated.
 */
public final class TrainingLoop {
    private static final int PREDICT_CHUNK = 500;

    private final TrainingOptions options;
    private final PrintStream log;

    public TrainingLoop(TrainingOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    public void run(Learner learner, TrainingSet train, Mnist test) {
        int batchSize = options.batchSize();
        int batches = (train.size() + batchSize - 1) / batchSize;
        long totalSteps = (long) batches * options.epochs();
        float[] batchImages = new float[batchSize * Mnist.PIXELS];
        int[] batchLabels = new int[batchSize];
        long step = 0;
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            long start = System.nanoTime();
            TrainingSet.Epoch drawn = train.epoch(epoch);
            float[] images = drawn.images();
            int[] order = shuffled(train.size(), options.seed() + epoch);
            double lossSum = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * batchSize;
                int count = Math.min(batchSize, train.size() - from);
                for (int i = 0; i < count; i++) {
                    int example = order[from + i];
                    System.arraycopy(images, example * Mnist.PIXELS, batchImages, i * Mnist.PIXELS, Mnist.PIXELS);
                    batchLabels[i] = drawn.labels()[example];
                }
                float rate = cosine(step++, totalSteps);
                lossSum += learner.trainBatch(
                        count == batchSize ? batchImages : Arrays.copyOf(batchImages, count * Mnist.PIXELS),
                        count == batchSize ? batchLabels : Arrays.copyOf(batchLabels, count),
                        count,
                        rate);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            log.printf(
                    "epoch %d/%d  loss %.4f  test accuracy %.4f  %.1f s%n",
                    epoch + 1,
                    options.epochs(),
                    lossSum / batches,
                    Accuracy.of(predict(learner, test), test.labels()),
                    seconds);
        }
    }

    private float cosine(long step, long totalSteps) {
        double floor = 0.01;
        double progress = (double) step / totalSteps;
        return (float) (options.learningRate() * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress))));
    }

    /** In-process probabilities [size][classes], in chunks to bound memory. */
    public static float[] predict(Learner learner, Mnist data) {
        float[] probabilities = null;
        for (int start = 0; start < data.size(); start += PREDICT_CHUNK) {
            int n = Math.min(PREDICT_CHUNK, data.size() - start);
            float[] chunk = Arrays.copyOfRange(data.images(), start * Mnist.PIXELS, (start + n) * Mnist.PIXELS);
            float[] rows = learner.predict(chunk, n);
            int classes = rows.length / n;
            if (probabilities == null) {
                probabilities = new float[data.size() * classes];
            }
            System.arraycopy(rows, 0, probabilities, start * classes, n * classes);
        }
        return probabilities;
    }

    private static int[] shuffled(int size, long seed) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
