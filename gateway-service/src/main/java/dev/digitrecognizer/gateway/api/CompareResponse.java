package dev.digitrecognizer.gateway.api;

import dev.digitrecognizer.gateway.prediction.Answer;
import dev.digitrecognizer.gateway.prediction.Prediction;
import java.util.List;
import java.util.Map;

/** Every model's answer for one drawing, preprocessed once; {@code id} is what feedback on it brings back. */
public record CompareResponse(String id, String input, List<Prediction> predictions, Map<String, Double> timings)
        implements PredictResponse {

    static CompareResponse of(Answer answer, String id) {
        return new CompareResponse(id, answer.input().pngDataUrl(), answer.predictions(), answer.timings());
    }
}
