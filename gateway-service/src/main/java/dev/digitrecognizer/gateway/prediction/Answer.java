package dev.digitrecognizer.gateway.prediction;

import dev.digitrecognizer.preprocessing.ModelInput;
import java.util.List;
import java.util.Map;

/**
 * The answers of one or more models for one image, with the input they saw, where time went, and
 * the version of each model that answered, the detector's too.
 */
public record Answer(
        List<Prediction> predictions, ModelInput input, Map<String, Double> timings, Map<String, String> versions) {}
