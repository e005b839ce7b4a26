package dev.digitrecognizer.gateway.prediction;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.inference.InferenceClient;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import dev.digitrecognizer.preprocessing.ModelInput;
import dev.digitrecognizer.preprocessing.Preprocessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes and preprocesses an image once, then asks each requested model about it. */
@ApplicationScoped
public class PredictionService {
    private final Preprocessor preprocessor;
    private final InferenceClient inference;
    private final GatewayMetrics metrics;

    PredictionService(GatewayConfig config, InferenceClient inference, GatewayMetrics metrics) {
        this.preprocessor = new Preprocessor(config.maxImageBytes(), config.maxImagePixels());
        this.inference = inference;
        this.metrics = metrics;
    }

    public byte[] fromBase64(String image) {
        return preprocessor.fromBase64(image);
    }

    public Answer predict(byte[] image, List<String> models) {
        ModelInput input = preprocessor.toModelInput(image);
        long preprocessNanos = input.decodeNanos() + input.preprocessNanos();
        metrics.preprocessed(preprocessNanos);

        long preprocessedAt = System.nanoTime();
        List<Prediction> predictions = new ArrayList<>(models.size());
        for (String model : models) {
            long called = System.nanoTime();
            Prediction prediction = Prediction.of(model, inference.probabilities(model, input.pixels()));
            metrics.inferred(model, System.nanoTime() - called);
            metrics.predicted(model, prediction.digit());
            predictions.add(prediction);
        }
        long inferenceNanos = System.nanoTime() - preprocessedAt;
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("decodeMs", millis(input.decodeNanos()));
        timings.put("preprocessMs", millis(input.preprocessNanos()));
        timings.put("inferenceMs", millis(inferenceNanos));
        timings.put("totalMs", millis(preprocessNanos + inferenceNanos));
        return new Answer(predictions, input, timings);
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
