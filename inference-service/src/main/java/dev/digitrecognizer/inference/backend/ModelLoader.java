package dev.digitrecognizer.inference.backend;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.repository.ModelConfig;
import dev.digitrecognizer.inference.scheduler.BatchWorkers;
import dev.digitrecognizer.inference.scheduler.BatcherMetrics;
import dev.digitrecognizer.inference.scheduler.DynamicBatcher;
import dev.digitrecognizer.inference.scheduler.VersionStatistics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Turns one version folder into a served, warmed-up model and its scheduler, applying the
 * service's overrides to the model's config.pbtxt (the overrides win), and says in a sentence
 * for clients why one could not be loaded.
 */
@Singleton
public final class ModelLoader {
    private final InferenceConfig config;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final ModelRunners runners;

    ModelLoader(InferenceConfig config, ObjectMapper json, MeterRegistry meters, ModelRunners runners) {
        this.config = config;
        this.json = json;
        this.meters = meters;
        this.runners = runners;
    }

    /** Loads, checks and warms up the version; {@code stopping} cuts the warm-up short at shutdown. */
    public ServedModel open(Path dir, String name, long version, ModelConfig modelConfig, BooleanSupplier stopping)
            throws OrtException, IOException {
        Path file = dir.resolve(Long.toString(version)).resolve(modelConfig.fileName());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("version " + version + " has no " + modelConfig.fileName());
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(config.intraOpThreads());
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        // ONNX Runtime would otherwise send usage telemetry: the service makes no outbound calls.
        environment.setTelemetry(false);
        OrtSession session = environment.createSession(file.toString(), options);
        ServedModel model;
        try {
            model = new ServedModel(name, version, modelConfig, readCard(dir), session);
        } catch (OrtException | RuntimeException e) {
            session.close();
            throw e;
        }
        try {
            warmUp(model, maxBatchSize(modelConfig), stopping);
        } catch (OrtException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** The model's max_batch_size, capped by {@code inference.batching.max-batch-size}. */
    int maxBatchSize(ModelConfig modelConfig) {
        return Math.max(
                1, Math.min(config.batching().maxBatchSize().orElse(Integer.MAX_VALUE), modelConfig.maxBatchSize()));
    }

    /** A scheduler for the version with the model's own batching, queue policy and instances, or the overrides. */
    public DynamicBatcher schedule(ServedModel model, VersionStatistics statistics, Runnable onClosed) {
        ModelConfig modelConfig = model.config();
        Optional<Long> override = config.batching().maxQueueDelayMicros();
        // Not batched: no dynamic_batching in config.pbtxt, or the override of 0 turns it off.
        Long delayNanos = modelConfig.batching().isEmpty() || override.orElse(-1L) == 0
                ? null
                : TimeUnit.MICROSECONDS.toNanos(
                        override.orElse(modelConfig.batching().get().maxQueueDelayMicros()));
        return new DynamicBatcher(
                runners.of(model),
                new BatchWorkers.Policy(
                        maxBatchSize(modelConfig),
                        delayNanos,
                        modelConfig
                                .batching()
                                .map(ModelConfig.Batching::preferredBatchSizes)
                                .orElse(new TreeSet<>())),
                modelConfig.batching().map(ModelConfig.Batching::queue).orElse(ModelConfig.QueuePolicy.NONE),
                config.batching().workers().orElse(modelConfig.instances()),
                new BatcherMetrics(model.name(), meters, statistics),
                onClosed);
    }

    private Map<String, Object> readCard(Path dir) throws IOException {
        Path card = dir.resolve("card.json");
        return Files.isRegularFile(card) ? json.readValue(card.toFile(), new TypeReference<>() {}) : Map.of();
    }

    /** Single rows, then one batch of the largest size the model will be run with. */
    private void warmUp(ServedModel model, int maxBatch, BooleanSupplier stopping) throws OrtException {
        for (int i = 0; i < config.warmupRuns() && !stopping.getAsBoolean(); i++) {
            model.run(new float[model.inputWidth()], 1);
        }
        model.run(new float[maxBatch * model.inputWidth()], maxBatch);
    }

    /**
     * Why a model failed to load, as a sentence for clients: the exception itself, with its file
     * paths and ONNX Runtime error codes, goes to the log only.
     */
    public static String reason(Throwable e) {
        if (e instanceof OrtException ort) {
            return ort.getCode() == OrtException.OrtErrorCode.ORT_INVALID_PROTOBUF
                            || ort.getCode() == OrtException.OrtErrorCode.ORT_INVALID_GRAPH
                    ? "the model file could not be loaded: it is not a valid ONNX model"
                    : "the model file could not be loaded or run by ONNX Runtime";
        }
        if (e instanceof IllegalArgumentException && e.getMessage() != null) {
            return e.getMessage(); // our own sentences, about config.pbtxt, the folders and the file's signature
        }
        if (e instanceof IOException) {
            return "a file of the model could not be read";
        }
        if (e instanceof LinkageError) {
            return "ONNX Runtime is not available on this machine";
        }
        return "the model could not be loaded";
    }
}
