package dev.digitrecognizer.gateway.prediction;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.inference.Deadline;
import dev.digitrecognizer.gateway.inference.InferenceClient;
import dev.digitrecognizer.gateway.inference.InferenceOverloaded;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import dev.digitrecognizer.preprocessing.ImageSize;
import dev.digitrecognizer.preprocessing.ModelInput;
import dev.digitrecognizer.preprocessing.Preprocessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes and preprocesses an image once, then asks each requested model about it. The image's
 * size is read from its header first and charged against the {@link DecodeBudget}, so the
 * gateway decodes only as many pixels at once as its heap holds; the rest of the request's time
 * budget is what the inference calls may wait.
 */
@ApplicationScoped
public class PredictionService {
    private final Preprocessor preprocessor;
    private final InferenceClient inference;
    private final GatewayMetrics metrics;
    private final DecodeBudget budget;
    private final Duration requestBudget;

    PredictionService(GatewayConfig config, InferenceClient inference, GatewayMetrics metrics) {
        this.preprocessor = new Preprocessor(config.maxImageBytes(), config.maxImagePixels(), config.maxAspectRatio());
        this.inference = inference;
        this.metrics = metrics;
        this.requestBudget = config.requestBudget();
        GatewayConfig.Decode decode = config.decode();
        this.budget = new DecodeBudget(new DecodeBudget.Limits(
                decode.pixelBudget()
                        .orElseGet(() -> DecodeBudget.defaultCapacity(
                                Runtime.getRuntime().maxMemory())),
                decode.smallPixels(),
                decode.reservedPixels(),
                decode.maxWait(),
                decode.maxQueued()));
        metrics.watchDecodeBudget(budget::inUse, budget::waiting);
    }

    public byte[] fromBase64(String image) {
        return preprocessor.fromBase64(image);
    }

    public Answer predict(byte[] image, List<String> models) {
        Deadline deadline = Deadline.in(requestBudget);
        ImageSize size = preprocessor.size(image);
        ModelInput input;
        try (DecodeBudget.Permit permit = budget.acquire(size.pixels())) {
            input = preprocessor.toModelInput(image);
        }
        long preprocessNanos = input.decodeNanos() + input.preprocessNanos();
        metrics.preprocessed(preprocessNanos);

        long preprocessedAt = System.nanoTime();
        List<Prediction> predictions = new ArrayList<>(models.size());
        for (String model : models) {
            long called = System.nanoTime();
            Prediction prediction = Prediction.of(model, probabilities(model, input.pixels(), deadline));
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

    private float[] probabilities(String model, float[] pixels, Deadline deadline) {
        try {
            return inference.probabilities(model, pixels, deadline);
        } catch (InferenceOverloaded e) {
            throw new Overloaded(
                    "The recognition service is busy and turned this request away. Try again in a moment.",
                    e.retryAfterSeconds());
        }
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
