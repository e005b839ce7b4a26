package dev.digitrecognizer.gateway.prediction;

import dev.digitrecognizer.preprocessing.NumberInput;
import java.util.List;
import java.util.Map;

/**
 * What one or more models read in a drawing of a number: the digits found, each model's reading,
 * the timings, and the version of each model that answered, the detector's too.
 */
public record NumberAnswer(
        List<Reading> readings, NumberInput input, Map<String, Double> timings, Map<String, String> versions) {

    /** One model's answer for each digit, left to right. */
    public record Reading(String model, List<Prediction> digits) {}
}
