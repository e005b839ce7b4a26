package dev.digitrecognizer.inference.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.inference.config.InferenceConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Loads every model of the repository in the background at start-up, warms each up, and then
 * serves them. A model that fails to load is logged and listed by name with its reason.
 */
@ApplicationScoped
public class ModelRegistry {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    private static final String CONFIG_FILE = "config.pbtxt";

    public enum State {
        LOADING,
        READY,
        UNAVAILABLE,
        UNKNOWN
    }

    private final InferenceConfig config;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final SortedMap<String, ServedModel> models = new ConcurrentSkipListMap<>();
    private final SortedMap<String, DynamicBatcher> batchers = new ConcurrentSkipListMap<>();
    private final SortedMap<String, String> failures = new ConcurrentSkipListMap<>();
    private volatile boolean loaded;
    private volatile boolean stopping;

    ModelRegistry(InferenceConfig config, MeterRegistry meters, ObjectMapper json) {
        this.config = config;
        this.meters = meters;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        CompletableFuture.runAsync(this::loadAll);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        batchers.values().forEach(DynamicBatcher::close);
        for (ServedModel model : models.values()) {
            try {
                model.close();
            } catch (OrtException e) {
                LOG.debugf("closing %s: %s", model.name(), e.getMessage());
            }
        }
    }

    private void loadAll() {
        Path root = Path.of(config.modelRepository()).toAbsolutePath().normalize();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(dir -> Files.isRegularFile(dir.resolve(CONFIG_FILE)))
                    .sorted()
                    .takeWhile(dir -> !stopping)
                    .forEach(this::load);
        } catch (IOException e) {
            LOG.errorf("model repository %s cannot be read: %s", root, e.getMessage());
        } finally {
            loaded = true;
        }
        LOG.infof(
                "model repository %s: serving %s%s",
                root, models.keySet(), failures.isEmpty() ? "" : ", failed to load " + failures.keySet());
    }

    private void load(Path dir) {
        String name = dir.getFileName().toString();
        long start = System.nanoTime();
        try {
            ModelConfig modelConfig = ModelConfig.parse(Files.readString(dir.resolve(CONFIG_FILE)));
            Path file = dir.resolve(ServedModel.VERSION).resolve("model.onnx");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(
                        "the repository has no " + ServedModel.VERSION + "/model.onnx for it");
            }
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(config.intraOpThreads());
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), options);
            ServedModel model = new ServedModel(name, modelConfig, readCard(dir), session);
            int maxBatch = Math.max(1, Math.min(config.batching().maxBatchSize(), modelConfig.maxBatchSize()));
            warmUp(model, maxBatch);
            double seconds = (System.nanoTime() - start) / 1e9;
            Gauge.builder("inference.model.load.seconds", () -> seconds)
                    .description("Load and warm-up time at start-up")
                    .tag("model", name)
                    .register(meters);
            batchers.put(
                    name,
                    new DynamicBatcher(
                            model,
                            maxBatch,
                            config.batching().maxQueueDelayMicros(),
                            config.batching().workers(),
                            meters));
            models.put(name, model);
            LOG.infof("loaded model %s in %.2f s", name, seconds);
        } catch (Exception | LinkageError e) {
            failures.put(name, reason(e));
            LOG.errorf(e, "model %s in %s failed to load and will not be served", name, dir);
        }
    }

    /**
     * Why a model failed to load, as a sentence for clients: the exception itself, with its file
     * paths and ONNX Runtime error codes, goes to the log only.
     */
    private static String reason(Throwable e) {
        if (e instanceof OrtException ort) {
            return ort.getCode() == OrtException.OrtErrorCode.ORT_INVALID_PROTOBUF
                            || ort.getCode() == OrtException.OrtErrorCode.ORT_INVALID_GRAPH
                    ? "the model file could not be loaded: it is not a valid ONNX model"
                    : "the model file could not be loaded or run by ONNX Runtime";
        }
        if (e instanceof NumberFormatException) {
            return "config.pbtxt has a number that cannot be read";
        }
        if (e instanceof IllegalArgumentException && e.getMessage() != null) {
            return e.getMessage(); // our own sentences, about config.pbtxt and the file's signature
        }
        if (e instanceof IOException) {
            return "a file of the model could not be read";
        }
        if (e instanceof LinkageError) {
            return "ONNX Runtime is not available on this machine";
        }
        return "the model could not be loaded";
    }

    private Map<String, Object> readCard(Path dir) throws IOException {
        Path card = dir.resolve("card.json");
        return Files.isRegularFile(card) ? json.readValue(card.toFile(), new TypeReference<>() {}) : Map.of();
    }

    /** Single rows, then one batch of the largest size the model will be run with. */
    private void warmUp(ServedModel model, int maxBatch) throws OrtException {
        for (int i = 0; i < config.warmupRuns() && !stopping; i++) {
            model.run(new float[model.inputWidth()], 1);
        }
        model.run(new float[maxBatch * model.inputWidth()], maxBatch);
    }

    /**
     * Loading has finished and every model of the repository is served: one that failed to load
     * makes the server unready (its health says which), while the others keep serving.
     */
    public boolean ready() {
        return loaded && failures.isEmpty() && !models.isEmpty();
    }

    public boolean loading() {
        return !loaded;
    }

    public State state(String name) {
        if (models.containsKey(name)) {
            return State.READY;
        }
        if (failures.containsKey(name)) {
            return State.UNAVAILABLE;
        }
        return loaded ? State.UNKNOWN : State.LOADING;
    }

    public Optional<ServedModel> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public SortedMap<String, ServedModel> models() {
        return models;
    }

    public SortedMap<String, String> failures() {
        return failures;
    }

    /** Queues rows for the model's batcher; completes with rows x outputs floats. */
    public CompletableFuture<float[]> infer(ServedModel model, float[] input, int rows) {
        return batchers.get(model.name()).submit(input, rows);
    }
}
