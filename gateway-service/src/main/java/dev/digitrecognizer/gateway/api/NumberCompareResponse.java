package dev.digitrecognizer.gateway.api;

import dev.digitrecognizer.gateway.prediction.NumberAnswer;
import java.util.List;
import java.util.Map;

/** Every model's reading of one drawn number, whose digits were found and framed once. */
public record NumberCompareResponse(List<NumberReadingResponse> predictions, Map<String, Double> timings)
        implements NumberResponse {

    static NumberCompareResponse of(NumberAnswer answer) {
        List<String> inputs = NumberReadingResponse.inputs(answer);
        return new NumberCompareResponse(
                answer.readings().stream()
                        .map(reading -> NumberReadingResponse.of(reading, answer, inputs, null))
                        .toList(),
                answer.timings());
    }
}
