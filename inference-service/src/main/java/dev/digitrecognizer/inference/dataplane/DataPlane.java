package dev.digitrecognizer.inference.dataplane;

import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.dataplane.Failure.ControlRefused;
import dev.digitrecognizer.inference.dataplane.Failure.InferenceFailed;
import dev.digitrecognizer.inference.dataplane.Failure.ModelNotFound;
import dev.digitrecognizer.inference.dataplane.Failure.ModelNotReady;
import dev.digitrecognizer.inference.repository.ModelConfig;
import dev.digitrecognizer.inference.repository.ModelStatus;
import dev.digitrecognizer.inference.repository.RepositoryController;
import dev.digitrecognizer.inference.repository.RepositoryError;
import dev.digitrecognizer.inference.repository.ServedVersions;
import dev.digitrecognizer.inference.scheduler.Rejection;
import dev.digitrecognizer.inference.scheduler.Submission;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the service does for a request, whichever protocol carried it, as KServe's
 * {@code dataplane.py}: REST and gRPC each turn their wire format into an {@link InferRequest} and
 * call {@link #infer} once, so their requests share queues and batches. Whatever goes wrong
 * leaves here as a {@link Failure}.
 */
@Singleton
public class DataPlane {
    private final ServedVersions servedVersions;
    private final RepositoryController repository;
    private final InferenceConfig config;
    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    DataPlane(
            ServedVersions servedVersions,
            RepositoryController repository,
            InferenceConfig config,
            MeterRegistry meters) {
        this.servedVersions = servedVersions;
        this.repository = repository;
        this.config = config;
        this.meters = meters;
    }

    /** The rows, computed by {@code model}: {@code rows} x its output width floats. */
    public record InferResult(ServedModel model, int rows, float[] output) {}

    /** A queued request: {@link #cancel()} withdraws it while it waits, when its client has gone. */
    public record Call(Submission submission, CompletableFuture<InferResult> result) {
        public void cancel() {
            submission.cancel();
        }
    }

    public ServerMetadata metadata() {
        return ServerMetadata.SERVER;
    }

    public boolean ready() {
        return servedVersions.ready();
    }

    /** The model's highest served version, or the one {@code version} names (null or empty: none named). */
    public ServedModel model(String name, String version) {
        boolean named = version != null && !version.isEmpty();
        ModelStatus status = servedVersions.status(name);
        Optional<ServedModel> model = servedVersions.model(name, named ? parseVersion(name, version) : null);
        if (model.isPresent()) {
            return model.get();
        }
        switch (status.state()) {
            case LOADING -> throw new ModelNotReady("model '" + name + "' is still loading");
            case UNAVAILABLE -> throw new ModelNotReady("model '" + name + "' failed to load: " + status.reason());
            case UNLOADED -> throw new ModelNotReady("model '" + name + "' is not loaded");
            case READY -> throw new ModelNotFound("model '" + name + "' has no version '" + version + "'");
            case UNKNOWN -> throw new ModelNotFound("unknown model '" + name + "'");
        }
        throw new IllegalStateException(status.state().name());
    }

    private static long parseVersion(String name, String version) {
        if (!version.matches("\\d{1,18}")) {
            throw new ModelNotFound("model '" + name + "' has no version '" + version + "'");
        }
        return Long.parseLong(version);
    }

    public ModelMetadata modelMetadata(String name, String version) {
        ServedModel model = model(name, version);
        ModelConfig modelConfig = model.config();
        return new ModelMetadata(
                model.name(),
                servedVersions.status(model.name()).versions().stream()
                        .map(String::valueOf)
                        .toList(),
                modelConfig.platform(),
                List.of(new ModelMetadata.Tensor(
                        modelConfig.inputName(), ModelConfig.DATATYPE, modelConfig.inputShape())),
                List.of(new ModelMetadata.Tensor(
                        modelConfig.outputName(), ModelConfig.DATATYPE, modelConfig.outputShape())),
                model.card());
    }

    /**
     * Resolves the version, checks the request against its signature and its timeout against the
     * model's queue policy, and queues the rows; the call completes with the version that ran them.
     */
    public Call infer(InferRequest request) {
        ServedModel model = model(request.model(), request.version());
        Signature.Rows rows = Signature.rows(request, model, config.maxRowsPerRequest());
        long timeoutMicros = QueueTimeout.of(request.timeout(), model);
        boolean pinned = request.version() != null && !request.version().isEmpty();
        Timer.Sample sample = Timer.start(meters);
        Submission submission;
        try {
            submission = servedVersions.infer(model, pinned, rows.data(), rows.count(), timeoutMicros);
        } catch (Rejection e) {
            throw failure(e);
        }
        CompletableFuture<InferResult> result = new CompletableFuture<>();
        submission.result().whenComplete((output, error) -> {
            if (error == null) {
                sample.stop(timer(model.name()));
                result.complete(new InferResult(submission.model(), rows.count(), output));
                return;
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            result.completeExceptionally(
                    cause instanceof Rejection rejection
                            ? failure(rejection)
                            : new InferenceFailed(
                                    "ONNX Runtime failed to run model '" + model.name() + "' on this request", cause));
        });
        return new Call(submission, result);
    }

    /** Loads the model, or reloads it if its files changed; returns once it is served. */
    public void load(String name) {
        try {
            repository.load(name);
        } catch (RepositoryError e) {
            throw failure(e);
        }
    }

    public void unload(String name) {
        try {
            repository.unload(name);
        } catch (RepositoryError e) {
            throw failure(e);
        }
    }

    private static Failure failure(Rejection rejection) {
        return switch (rejection.kind()) {
            case QUEUE_FULL, TIMED_OUT -> new Failure.Overloaded(rejection.getMessage());
            case CANCELLED -> new Failure.Cancelled(rejection.getMessage());
            case UNLOADED -> new ModelNotReady(rejection.getMessage());
        };
    }

    private static Failure failure(RepositoryError error) {
        return switch (error.kind()) {
            case NOT_IN_REPOSITORY -> new ModelNotFound(error.getMessage());
            case LOAD_FAILED, CONTROL_DISABLED -> new ControlRefused(error.getMessage());
        };
    }

    private Timer timer(String model) {
        return timers.computeIfAbsent(
                model,
                name -> Timer.builder("inference.request")
                        .description("One infer request, queue and compute")
                        .tag("model", name)
                        .publishPercentileHistogram()
                        .register(meters));
    }
}
