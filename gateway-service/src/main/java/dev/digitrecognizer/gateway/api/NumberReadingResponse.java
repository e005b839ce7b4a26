package dev.digitrecognizer.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.digitrecognizer.gateway.prediction.NumberAnswer;
import dev.digitrecognizer.gateway.prediction.Prediction;
import dev.digitrecognizer.gateway.prediction.Verdict;
import dev.digitrecognizer.preprocessing.DigitBox;
import dev.digitrecognizer.preprocessing.DigitInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One model's reading of a drawn number: the digits as a string (leading zeros kept, "?" for a
 * mark that is not a digit), whether every mark is a digit ({@value #NUMBER}) or not
 * ({@value #NOT_A_NUMBER}), the product of the digits' confidences, and each mark left to right
 * with its verdict, its box and the input the model saw. {@code id} is what feedback on the answer
 * brings back; a reading within {@link NumberCompareResponse} has none of its own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NumberReadingResponse(
        String id,
        String model,
        String number,
        String verdict,
        double confidence,
        List<DigitResponse> digits,
        Map<String, Double> timings)
        implements NumberResponse {
    static final String NUMBER = "number";
    static final String NOT_A_NUMBER = "not-a-number";
    /** Where a mark that is not a digit stands in {@code number}. */
    static final char NOT_A_DIGIT = '?';

    /** One mark of the number: the model's answer, the verdict, where it is in the image, the 28x28 input. */
    public record DigitResponse(
            int digit, Verdict verdict, float confidence, float[] probabilities, DigitBox box, String input) {}

    static NumberReadingResponse of(NumberAnswer answer, String id) {
        return of(id, answer.readings().get(0), answer, inputs(answer), answer.timings());
    }

    static NumberReadingResponse of(
            String id,
            NumberAnswer.Reading reading,
            NumberAnswer answer,
            List<String> inputs,
            Map<String, Double> timings) {
        StringBuilder number = new StringBuilder();
        double confidence = 1;
        boolean everyMarkADigit = true;
        List<DigitResponse> digits = new ArrayList<>(reading.digits().size());
        for (int d = 0; d < reading.digits().size(); d++) {
            Prediction prediction = reading.digits().get(d);
            DigitInput input = answer.input().digits().get(d);
            boolean digit = prediction.verdict() == Verdict.DIGIT;
            everyMarkADigit &= digit;
            number.append(digit ? Character.forDigit(prediction.digit(), 10) : NOT_A_DIGIT);
            confidence *= prediction.confidence();
            digits.add(new DigitResponse(
                    prediction.digit(),
                    prediction.verdict(),
                    prediction.confidence(),
                    prediction.probabilities(),
                    input.box(),
                    inputs.get(d)));
        }
        return new NumberReadingResponse(
                id,
                reading.model(),
                number.toString(),
                everyMarkADigit ? NUMBER : NOT_A_NUMBER,
                confidence,
                List.copyOf(digits),
                timings);
    }

    /** Each digit's 28x28 input as a PNG data URL, encoded once for every model that reads it. */
    static List<String> inputs(NumberAnswer answer) {
        return answer.input().digits().stream().map(DigitInput::pngDataUrl).toList();
    }
}
