package dev.digitrecognizer.gateway.prediction;

/** One model's answer for one image. */
public record Prediction(String model, int digit, float confidence, float[] probabilities) {

    static Prediction of(String model, float[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return new Prediction(model, best, probabilities[best], probabilities);
    }
}
