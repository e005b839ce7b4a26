package dev.digitrecognizer.gateway.prediction;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.inference.Deadline;
import dev.digitrecognizer.gateway.inference.InferenceClient;
import dev.digitrecognizer.gateway.inference.InferenceOverloaded;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import dev.digitrecognizer.preprocessing.ImageSize;
import dev.digitrecognizer.preprocessing.ModelInput;
import dev.digitrecognizer.preprocessing.Preprocessor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes and preprocesses an image once, then asks every requested model about it at once. The
 * image's size is read from its header first and the pixels its decoding will hold (a large image
 * is decoded subsampled) are charged against the {@link DecodeBudget}, so the gateway decodes only
 * as many pixels at once as its heap holds; the rest of the request's time budget is what the
 * inference calls may wait.
 *
 * <p>Threads: a canvas-sized image that fits the budget at once is decoded on the event loop that
 * read the request, and the inference call goes out and comes back on that same event loop, so the
 * usual request is never handed from thread to thread. A bigger image, or one that would have to
 * wait for room, is decoded on a worker thread.
 */
@ApplicationScoped
public class PredictionService {
    private final Preprocessor preprocessor;
    private final InferenceClient inference;
    private final GatewayMetrics metrics;
    private final DecodeBudget budget;
    private final Duration requestBudget;
    private final long inlinePixels;

    PredictionService(GatewayConfig config, InferenceClient inference, GatewayMetrics metrics) {
        this.preprocessor = new Preprocessor(config.maxImageBytes(), config.maxImagePixels(), config.maxAspectRatio());
        this.inference = inference;
        this.metrics = metrics;
        this.requestBudget = config.requestBudget();
        GatewayConfig.Decode decode = config.decode();
        this.inlinePixels = decode.inlinePixels();
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

    public Uni<Answer> predict(byte[] image, List<String> models) {
        Deadline deadline = Deadline.in(requestBudget);
        ImageSize size = preprocessor.size(image);
        return modelInput(image, size).chain(input -> ask(models, input, deadline));
    }

    private Uni<ModelInput> modelInput(byte[] image, ImageSize size) {
        if (!Context.isOnEventLoopThread()) {
            return Uni.createFrom().item(decode(image, size));
        }
        Optional<DecodeBudget.Permit> now =
                size.pixels() <= inlinePixels ? budget.tryAcquire(preprocessor.decodedPixels(size)) : Optional.empty();
        if (now.isPresent()) {
            try (DecodeBudget.Permit permit = now.get()) {
                return Uni.createFrom().item(preprocessor.toModelInput(image));
            }
        }
        return Uni.createFrom()
                .item(() -> decode(image, size))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Waits for room in the budget, so never on an event loop. */
    private ModelInput decode(byte[] image, ImageSize size) {
        try (DecodeBudget.Permit permit = budget.acquire(preprocessor.decodedPixels(size))) {
            return preprocessor.toModelInput(image);
        }
    }

    private Uni<Answer> ask(List<String> models, ModelInput input, Deadline deadline) {
        long preprocessNanos = input.decodeNanos() + input.preprocessNanos();
        metrics.preprocessed(preprocessNanos);
        long preprocessedAt = System.nanoTime();
        List<Uni<Prediction>> calls = models.stream()
                .map(model -> Uni.createFrom().deferred(() -> {
                    long called = System.nanoTime();
                    return probabilities(model, input.pixels(), deadline).map(probabilities -> {
                        Prediction prediction = Prediction.of(model, probabilities);
                        metrics.inferred(model, System.nanoTime() - called);
                        metrics.predicted(model, prediction.digit());
                        return prediction;
                    });
                }))
                .toList();
        return Uni.join().all(calls).andFailFast().map(predictions -> {
            long inferenceNanos = System.nanoTime() - preprocessedAt;
            Map<String, Double> timings = new LinkedHashMap<>();
            timings.put("decodeMs", millis(input.decodeNanos()));
            timings.put("preprocessMs", millis(input.preprocessNanos()));
            timings.put("inferenceMs", millis(inferenceNanos));
            timings.put("totalMs", millis(preprocessNanos + inferenceNanos));
            return new Answer(predictions, input, timings);
        });
    }

    private Uni<float[]> probabilities(String model, float[] pixels, Deadline deadline) {
        return inference
                .probabilities(model, pixels, deadline)
                .onFailure(InferenceOverloaded.class)
                .transform(e -> new Overloaded(
                        "The recognition service is busy and turned this request away. Try again in a moment.",
                        ((InferenceOverloaded) e).retryAfterSeconds()));
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
