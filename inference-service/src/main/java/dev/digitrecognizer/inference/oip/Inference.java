package dev.digitrecognizer.inference.oip;

import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.oip.OipErrors.InferenceFailed;
import dev.digitrecognizer.inference.repository.ServedVersions;
import dev.digitrecognizer.inference.scheduler.Rejection;
import dev.digitrecognizer.inference.scheduler.Submission;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The infer path REST and gRPC share once a request is read: the rows go to the model's queue,
 * and the call completes with the version that ran them and its outputs. An ONNX Runtime failure
 * becomes {@link InferenceFailed}; the queue's refusals stay {@link Rejection}s.
 */
@Singleton
class Inference {
    private final ServedVersions servedVersions;
    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    Inference(ServedVersions servedVersions, MeterRegistry meters) {
        this.servedVersions = servedVersions;
        this.meters = meters;
    }

    /** The rows, computed by {@code model}: {@code rows} x its output width floats. */
    record Outcome(ServedModel model, int rows, float[] output) {}

    /** A queued request: {@link #cancel()} withdraws it while it waits, when its client has gone. */
    record Call(Submission submission, CompletableFuture<Outcome> outcome) {
        void cancel() {
            submission.cancel();
        }
    }

    /** {@code pinned}: the request named this version; {@code timeoutMicros} 0 is none. */
    Call submit(ServedModel model, boolean pinned, TensorDecoder.Rows rows, long timeoutMicros) {
        Timer.Sample sample = Timer.start(meters);
        Submission submission = servedVersions.infer(model, pinned, rows.data(), rows.count(), timeoutMicros);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        submission.result().whenComplete((output, error) -> {
            if (error == null) {
                sample.stop(timer(model.name()));
                outcome.complete(new Outcome(submission.model(), rows.count(), output));
                return;
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            outcome.completeExceptionally(
                    cause instanceof Rejection
                            ? cause
                            : new InferenceFailed(
                                    "ONNX Runtime failed to run model '" + model.name() + "' on this request", cause));
        });
        return new Call(submission, outcome);
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
