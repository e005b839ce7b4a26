package dev.digitrecognizer.gateway.api;

import dev.digitrecognizer.gateway.imaging.ModelInputImage;
import dev.digitrecognizer.gateway.prediction.Answer;
import dev.digitrecognizer.gateway.prediction.Prediction;

import java.util.List;
import java.util.Map;

/** Every model's answer for one drawing, preprocessed once. */
public record CompareResponse(String input, List<Prediction> predictions, Map<String, Double> timings) {

    static CompareResponse of(Answer answer) {
        return new CompareResponse(ModelInputImage.dataUrl(answer.input()), answer.predictions(), answer.timings());
    }
}
