package dev.digitrecognizer.gateway.api;

import dev.digitrecognizer.gateway.prediction.Answer;
import dev.digitrecognizer.gateway.prediction.Prediction;
import java.util.List;
import java.util.Map;

/** Every model's answer for one drawing, preprocessed once. */
public record CompareResponse(String input, List<Prediction> predictions, Map<String, Double> timings)
        implements PredictResponse {

    static CompareResponse of(Answer answer) {
        return new CompareResponse(answer.input().pngDataUrl(), answer.predictions(), answer.timings());
    }
}
