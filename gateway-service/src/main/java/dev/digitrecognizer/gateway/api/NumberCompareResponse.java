package dev.digitrecognizer.gateway.api;

import dev.digitrecognizer.gateway.prediction.NumberAnswer;
import java.util.List;
import java.util.Map;

/** Every model's reading of one drawn number, whose digits were found and framed once; {@code id} is what feedback on it brings back. */
public record NumberCompareResponse(String id, List<NumberReadingResponse> predictions, Map<String, Double> timings)
        implements NumberResponse {

    static NumberCompareResponse of(NumberAnswer answer, String id) {
        List<String> inputs = NumberReadingResponse.inputs(answer);
        return new NumberCompareResponse(
                id,
                answer.readings().stream()
                        .map(reading -> NumberReadingResponse.of(null, reading, answer, inputs, null))
                        .toList(),
                answer.timings());
    }
}
