package dev.digitrecognizer.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.digitrecognizer.gateway.prediction.NumberAnswer;
import dev.digitrecognizer.gateway.prediction.Prediction;
import dev.digitrecognizer.preprocessing.DigitBox;
import dev.digitrecognizer.preprocessing.DigitInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One model's reading of a drawn number: the digits as a string (leading zeros kept), the product
 * of the digits' confidences, and each digit left to right with its box and the input it saw.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NumberReadingResponse(
        String model, String number, double confidence, List<DigitResponse> digits, Map<String, Double> timings)
        implements NumberResponse {

    /** One digit of the number: the model's answer, where it is in the image, the 28x28 input. */
    public record DigitResponse(int digit, float confidence, float[] probabilities, DigitBox box, String input) {}

    static NumberReadingResponse of(NumberAnswer answer) {
        return of(answer.readings().get(0), answer, inputs(answer), answer.timings());
    }

    static NumberReadingResponse of(
            NumberAnswer.Reading reading, NumberAnswer answer, List<String> inputs, Map<String, Double> timings) {
        StringBuilder number = new StringBuilder();
        double confidence = 1;
        List<DigitResponse> digits = new ArrayList<>(reading.digits().size());
        for (int d = 0; d < reading.digits().size(); d++) {
            Prediction prediction = reading.digits().get(d);
            DigitInput input = answer.input().digits().get(d);
            number.append(prediction.digit());
            confidence *= prediction.confidence();
            digits.add(new DigitResponse(
                    prediction.digit(),
                    prediction.confidence(),
                    prediction.probabilities(),
                    input.box(),
                    inputs.get(d)));
        }
        return new NumberReadingResponse(reading.model(), number.toString(), confidence, List.copyOf(digits), timings);
    }

    /** Each digit's 28x28 input as a PNG data URL, encoded once for every model that reads it. */
    static List<String> inputs(NumberAnswer answer) {
        return answer.input().digits().stream().map(DigitInput::pngDataUrl).toList();
    }
}
