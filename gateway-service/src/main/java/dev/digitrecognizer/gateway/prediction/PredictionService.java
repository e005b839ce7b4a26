package dev.digitrecognizer.gateway.prediction;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.inference.Deadline;
import dev.digitrecognizer.gateway.inference.InferenceClient;
import dev.digitrecognizer.gateway.inference.ModelAnswer;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import dev.digitrecognizer.preprocessing.CheckedImage;
import dev.digitrecognizer.preprocessing.DigitInput;
import dev.digitrecognizer.preprocessing.ImageSize;
import dev.digitrecognizer.preprocessing.ModelInput;
import dev.digitrecognizer.preprocessing.NumberInput;
import dev.digitrecognizer.preprocessing.NumberLimits;
import dev.digitrecognizer.preprocessing.Preprocessor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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
 * wait for room, is decoded on a worker thread, and its input handed back to the request's event
 * loop, whose own channel to inference makes the infer call with no other thread to wake: a call
 * made from the worker answered measurably later (benchmarks/README.md).
 */
@ApplicationScoped
public class PredictionService {
    private final Preprocessor preprocessor;
    private final InferenceClient inference;
    private final GatewayMetrics metrics;
    private final DecodeBudget budget;
    private final Duration requestBudget;
    private final long inlinePixels;
    private final NumberLimits numberLimits;
    private final GatewayConfig.Detector detector;

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
        this.numberLimits =
                new NumberLimits(config.number().maxDigits(), config.number().minComponentShare());
        this.detector = config.detector();
    }

    public Uni<Answer> predict(byte[] image, List<String> models) {
        Deadline deadline = Deadline.in(requestBudget);
        return decoded(preprocessor.check(image), preprocessor::toModelInput)
                .chain(input -> ask(models, input, deadline));
    }

    /**
     * The digits of a drawn number, found and framed once, then every requested model asked about
     * all of them in one infer request; under the same decode budget and thread rules as one digit.
     */
    public Uni<NumberAnswer> readNumber(byte[] image, List<String> models) {
        Deadline deadline = Deadline.in(requestBudget);
        return decoded(preprocessor.check(image), checked -> preprocessor.toNumberInput(checked, numberLimits))
                .chain(input -> askAboutDigits(models, input, deadline));
    }

    private <T> Uni<T> decoded(CheckedImage image, Function<CheckedImage, T> work) {
        if (!Context.isOnEventLoopThread()) {
            return Uni.createFrom().item(decode(image, work));
        }
        ImageSize size = image.size();
        Optional<DecodeBudget.Permit> now =
                size.pixels() <= inlinePixels ? budget.tryAcquire(preprocessor.decodedPixels(size)) : Optional.empty();
        if (now.isPresent()) {
            try (DecodeBudget.Permit permit = now.get()) {
                return Uni.createFrom().item(work.apply(image));
            }
        }
        Context loop = Vertx.currentContext();
        return Uni.createFrom()
                .item(() -> decode(image, work))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(next -> loop.runOnContext(ignored -> next.run()));
    }

    /** Waits for room in the budget, so never on an event loop. */
    private <T> T decode(CheckedImage image, Function<CheckedImage, T> work) {
        try (DecodeBudget.Permit permit = budget.acquire(preprocessor.decodedPixels(image.size()))) {
            return work.apply(image);
        }
    }

    private Uni<NumberAnswer> askAboutDigits(List<String> models, NumberInput input, Deadline deadline) {
        metrics.numberRead(input.digits().size());
        float[][] rows = input.digits().stream().map(DigitInput::pixels).toArray(float[][]::new);
        List<Map.Entry<String, Long>> stages = List.of(
                Map.entry("decodeMs", input.decodeNanos()),
                Map.entry("segmentMs", input.segmentNanos()),
                Map.entry("preprocessMs", input.preprocessNanos()));
        return askEveryModel(models, rows, stages, deadline, detector.numberThreshold())
                .map(asked -> {
                    List<NumberAnswer.Reading> readings = new ArrayList<>(models.size());
                    for (int m = 0; m < models.size(); m++) {
                        readings.add(new NumberAnswer.Reading(
                                models.get(m), asked.predictions().get(m)));
                    }
                    return new NumberAnswer(readings, input, asked.timings(), asked.versions());
                });
    }

    private Uni<Answer> ask(List<String> models, ModelInput input, Deadline deadline) {
        List<Map.Entry<String, Long>> stages =
                List.of(Map.entry("decodeMs", input.decodeNanos()), Map.entry("preprocessMs", input.preprocessNanos()));
        return askEveryModel(models, new float[][] {input.pixels()}, stages, deadline, detector.threshold())
                .map(asked -> new Answer(
                        asked.predictions().stream().map(rows -> rows.get(0)).toList(),
                        input,
                        asked.timings(),
                        asked.versions()));
    }

    /** Each model's predictions for the rows, in the models' order, the answer's timings, and each model's version, the detector's too. */
    private record Asked(
            List<List<Prediction>> predictions, Map<String, Double> timings, Map<String, String> versions) {}

    /**
     * Every model and the detector asked at once about all the rows, one infer request of N rows
     * each; counted per model and digit, "none" for a row that is not a digit. {@code stages} are
     * the timings before inference, in the answer's order; {@code threshold} is the detector's for
     * these rows.
     */
    private Uni<Asked> askEveryModel(
            List<String> models,
            float[][] rows,
            List<Map.Entry<String, Long>> stages,
            Deadline deadline,
            double threshold) {
        long preprocessNanos = stages.stream().mapToLong(Map.Entry::getValue).sum();
        metrics.preprocessed(preprocessNanos);
        long preprocessedAt = System.nanoTime();
        List<String> asked = new ArrayList<>(models);
        asked.add(detector.model());
        List<Uni<ModelAnswer>> calls = asked.stream()
                .map(model -> Uni.createFrom().deferred(() -> {
                    long called = System.nanoTime();
                    return inference
                            .probabilities(model, rows, deadline)
                            .invoke(answered -> metrics.inferred(model, System.nanoTime() - called));
                }))
                .toList();
        return Uni.join().all(calls).andFailFast().map(answers -> {
            Verdict[] verdicts = new Verdict[rows.length];
            for (int r = 0; r < rows.length; r++) {
                verdicts[r] = Verdict.of(answers.get(models.size()).rows()[r], threshold);
            }
            List<List<Prediction>> predictions = new ArrayList<>(models.size());
            for (int m = 0; m < models.size(); m++) {
                List<Prediction> model = new ArrayList<>(rows.length);
                for (int r = 0; r < rows.length; r++) {
                    Prediction prediction =
                            Prediction.of(models.get(m), answers.get(m).rows()[r], verdicts[r]);
                    metrics.predicted(prediction.model(), prediction.counted());
                    model.add(prediction);
                }
                predictions.add(List.copyOf(model));
            }
            long inferenceNanos = System.nanoTime() - preprocessedAt;
            Map<String, Double> timings = new LinkedHashMap<>();
            stages.forEach(stage -> timings.put(stage.getKey(), millis(stage.getValue())));
            timings.put("inferenceMs", millis(inferenceNanos));
            timings.put("totalMs", millis(preprocessNanos + inferenceNanos));
            Map<String, String> versions = new LinkedHashMap<>();
            for (int m = 0; m < asked.size(); m++) {
                versions.put(asked.get(m), answers.get(m).version());
            }
            return new Asked(predictions, timings, versions);
        });
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
