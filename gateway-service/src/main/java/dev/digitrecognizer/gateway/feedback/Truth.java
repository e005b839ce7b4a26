package dev.digitrecognizer.gateway.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What was really drawn, as the user says: the label as given, and for each mark its digit, or
 * {@link #NOT_A_DIGIT}, or {@link #UNKNOWN} when a number's label has more or fewer digits than marks
 * were found. Pure functions.
 */
public record Truth(String label, int[] actual) {
    public static final int NOT_A_DIGIT = 10;
    public static final int UNKNOWN = -1;
    public static final String NOT_A_DIGIT_LABEL = "not-a-digit";
    /** Longer than any number the gateway reads. */
    static final int MAX_NUMBER_LENGTH = 64;

    private static final String DIGIT_LABEL = "label must be a digit from 0 to 9, or \"not-a-digit\".";
    private static final String NUMBER_LABEL =
            "label must be the number that was drawn, as a string of digits such as \"2025\".";

    /** The label checked against the kind of answer it corrects. */
    public static Truth of(Answered answered, JsonNode label) {
        return switch (answered.kind()) {
            case DIGIT -> ofDigit(label);
            case NUMBER -> ofNumber(label, answered.marks().size());
        };
    }

    private static Truth ofDigit(JsonNode label) {
        if (label.isIntegralNumber() && label.canConvertToInt() && label.intValue() >= 0 && label.intValue() <= 9) {
            return new Truth(String.valueOf(label.intValue()), new int[] {label.intValue()});
        }
        if (label.isTextual()) {
            String text = label.textValue();
            if (text.equals(NOT_A_DIGIT_LABEL)) {
                return new Truth(text, new int[] {NOT_A_DIGIT});
            }
            if (text.length() == 1 && Character.isDigit(text.charAt(0)) && text.charAt(0) <= '9') {
                return new Truth(text, new int[] {text.charAt(0) - '0'});
            }
        }
        throw invalid(DIGIT_LABEL);
    }

    private static Truth ofNumber(JsonNode label, int marks) {
        String text;
        if (label.isTextual()) {
            text = label.textValue();
        } else if (label.isIntegralNumber() && label.canConvertToLong() && label.longValue() >= 0) {
            text = String.valueOf(label.longValue());
        } else {
            throw invalid(NUMBER_LABEL);
        }
        if (text.isEmpty() || text.length() > MAX_NUMBER_LENGTH || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(NUMBER_LABEL);
        }
        int[] actual = new int[marks];
        for (int k = 0; k < marks; k++) {
            actual[k] = text.length() == marks ? text.charAt(k) - '0' : UNKNOWN;
        }
        return new Truth(text, actual);
    }

    private static FeedbackRejected invalid(String detail) {
        return new FeedbackRejected(FeedbackRejected.Reason.INVALID_LABEL, detail);
    }

    /** Each model's outcome, by name: the digit or the whole number read right, or not. */
    public Map<String, Boolean> outcomes(Answered answered) {
        Map<String, Boolean> outcomes = new LinkedHashMap<>();
        for (int m = 0; m < answered.models().size(); m++) {
            if (answered.kind() == Answered.Kind.NUMBER) {
                outcomes.put(answered.models().get(m).name(), answered.read(m).equals(label));
            } else if (actual[0] != NOT_A_DIGIT) {
                outcomes.put(
                        answered.models().get(m).name(),
                        answered.marks().get(0).guesses().get(m).digit() == actual[0]);
            }
        }
        if (answered.kind() == Answered.Kind.DIGIT) {
            outcomes.put(answered.detector().name(), answered.marks().get(0).digit() == (actual[0] != NOT_A_DIGIT));
        }
        return outcomes;
    }
}
