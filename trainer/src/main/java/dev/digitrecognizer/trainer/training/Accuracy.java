package dev.digitrecognizer.trainer.training;

/** Share of rows whose most probable class is the label. */
public final class Accuracy {
    private Accuracy() {}

    public static int argmax(float[] probabilities, int row, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (probabilities[row * classes + c] > probabilities[row * classes + best]) {
                best = c;
            }
        }
        return best;
    }

    public static double of(float[] probabilities, int[] labels) {
        int classes = probabilities.length / labels.length;
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (argmax(probabilities, i, classes) == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }
}
