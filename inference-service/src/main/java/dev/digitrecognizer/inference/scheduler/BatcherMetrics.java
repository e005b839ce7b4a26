package dev.digitrecognizer.inference.scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Everything one version's scheduler records, in one place: its own meters (queue time, compute
 * time, batch size, rows, rejections by reason, cancellations) and the version's Triton
 * statistics. Each request is recorded before it is completed, so its figures are in by the time
 * its answer is out.
 */
public final class BatcherMetrics {
    private final Timer queueTime;
    private final Timer computeTime;
    private final DistributionSummary batchSize;
    private final Counter rowsInferred;
    private final Counter queueFull;
    private final Counter timedOut;
    private final Counter cancelled;
    private final VersionStatistics statistics;

    public BatcherMetrics(String model, MeterRegistry registry, VersionStatistics statistics) {
        this.statistics = statistics;
        queueTime = Timer.builder("inference.queue")
                .description("Time a request waited for its batch")
                .tag("model", model)
                .publishPercentileHistogram()
                .register(registry);
        computeTime = Timer.builder("inference.compute")
                .description("One ONNX Runtime run")
                .tag("model", model)
                .publishPercentileHistogram()
                .register(registry);
        batchSize = DistributionSummary.builder("inference.batch.size")
                .description("Rows per ONNX Runtime run")
                .tag("model", model)
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(registry);
        rowsInferred = Counter.builder("inference.rows")
                .description("Rows (images) inferred")
                .tag("model", model)
                .register(registry);
        queueFull = rejections(registry, model, "queue_full");
        timedOut = rejections(registry, model, "timeout");
        cancelled = Counter.builder("inference.requests.cancelled")
                .description("Requests dropped before compute because their client closed the connection")
                .tag("model", model)
                .register(registry);
    }

    private static Counter rejections(MeterRegistry registry, String model, String reason) {
        return Counter.builder("inference.rejections")
                .description("Requests the queue refused or dropped without computing them, by reason")
                .tag("model", model)
                .tag("reason", reason)
                .register(registry);
    }

    /** A request the queue gave back uncomputed, {@code waitedNanos} after it was queued. */
    void rejected(Rejection rejection, long waitedNanos) {
        switch (rejection.kind()) {
            case QUEUE_FULL -> queueFull.increment();
            case TIMED_OUT -> timedOut.increment();
            case CANCELLED -> cancelled.increment();
            case UNLOADED -> throw new IllegalArgumentException("a queue does not unload: " + rejection.getMessage());
        }
        statistics.rejected(rejection, waitedNanos);
    }

    /** A request's batch starts, {@code waitedNanos} after it was queued. */
    void started(long waitedNanos) {
        queueTime.record(waitedNanos, TimeUnit.NANOSECONDS);
    }

    /** One successful run of {@code rows} rows that took {@code nanos}. */
    void executed(int rows, long nanos, ModelRunner.Run run) {
        computeTime.record(nanos, TimeUnit.NANOSECONDS);
        batchSize.record(rows);
        rowsInferred.increment(rows);
        statistics.executed(rows, run);
    }

    /** A request answered by {@code run}; the durations count from when it was queued. */
    void succeeded(int rows, long queueNanos, long requestNanos, ModelRunner.Run run) {
        statistics.succeeded(rows, queueNanos, requestNanos, run);
    }

    /** A request the runner failed on, alone. */
    void failed(long requestNanos) {
        statistics.failed(VersionStatistics.Failure.BACKEND, requestNanos);
    }
}
