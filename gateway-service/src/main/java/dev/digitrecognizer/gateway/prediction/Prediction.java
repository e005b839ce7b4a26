package dev.digitrecognizer.gateway.prediction;

/** One model's answer for one image, with the detector's verdict on whether it is a digit at all. */
public record Prediction(String model, int digit, float confidence, float[] probabilities, Verdict verdict) {

    static Prediction of(String model, float[] probabilities, Verdict verdict) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return new Prediction(model, best, probabilities[best], probabilities, verdict);
    }

    /** What the answer counts as: the digit, or "none" when the drawing is not a digit. */
    String counted() {
        return verdict == Verdict.DIGIT ? String.valueOf(digit) : "none";
    }
}
