package dev.digitrecognizer.gateway.api;

import dev.digitrecognizer.gateway.prediction.Answer;
import dev.digitrecognizer.gateway.prediction.Prediction;
import dev.digitrecognizer.gateway.prediction.Verdict;
import java.util.Map;

/**
 * One model's answer, whether the drawing is a digit at all, and the 28x28 image the model saw as a
 * PNG data URL. {@code digit} and {@code probabilities} are the model's even when it is not a digit;
 * {@code id} is what feedback on the answer brings back.
 */
public record PredictionResponse(
        String id,
        String model,
        int digit,
        Verdict verdict,
        float confidence,
        float[] probabilities,
        String input,
        Map<String, Double> timings)
        implements PredictResponse {

    static PredictionResponse of(Answer answer, String id) {
        Prediction prediction = answer.predictions().get(0);
        return new PredictionResponse(
                id,
                prediction.model(),
                prediction.digit(),
                prediction.verdict(),
                prediction.confidence(),
                prediction.probabilities(),
                answer.input().pngDataUrl(),
                answer.timings());
    }
}
