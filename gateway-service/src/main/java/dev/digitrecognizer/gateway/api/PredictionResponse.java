package dev.digitrecognizer.gateway.api;

import dev.digitrecognizer.gateway.prediction.Answer;
import dev.digitrecognizer.gateway.prediction.Prediction;
import java.util.Map;

/** One model's answer, with the 28x28 image it saw as a PNG data URL. */
public record PredictionResponse(
        String model, int digit, float confidence, float[] probabilities, String input, Map<String, Double> timings)
        implements PredictResponse {

    static PredictionResponse of(Answer answer) {
        Prediction prediction = answer.predictions().get(0);
        return new PredictionResponse(
                prediction.model(),
                prediction.digit(),
                prediction.confidence(),
                prediction.probabilities(),
                answer.input().pngDataUrl(),
                answer.timings());
    }
}
