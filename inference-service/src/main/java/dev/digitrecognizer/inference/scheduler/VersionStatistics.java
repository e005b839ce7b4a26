package dev.digitrecognizer.inference.scheduler;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Triton's statistics of one model version since the server started, kept across reloads of the
 * version: what the statistics extension reports, and what the {@code nv_inference_*} meters read.
 * The scheduler records a request before it completes it, so whichever transport submitted it,
 * the figures count it by the time its answer is out.
 *
 * <p>The meters are gauges over cumulative totals: a Micrometer counter is always exposed with a
 * {@code _total} suffix, and Triton's names, which its dashboards query, have none.
 */
public final class VersionStatistics {
    /** Why a request failed, as Triton's {@code nv_inference_request_failure} labels it. */
    public enum Failure {
        /** Refused by the queue policy: the queue was full, or the request waited past its timeout. */
        REJECTED,
        /** Withdrawn by its client while it waited. */
        CANCELED,
        /** ONNX Runtime failed to run it. */
        BACKEND,
        /** Anything else: the version was unloaded under it. */
        OTHER
    }

    /** Triton's {@code $duration_stat}: how often a step happened, and its total time. */
    public record DurationStat(long count, long ns) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InferenceStats(
            DurationStat success,
            DurationStat fail,
            DurationStat queue,
            DurationStat computeInput,
            DurationStat computeInfer,
            DurationStat computeOutput) {}

    /** The ONNX Runtime runs of one batch size. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BatchStats(
            int batchSize, DurationStat computeInput, DurationStat computeInfer, DurationStat computeOutput) {}

    /**
     * Triton's {@code $model_stat}: {@code inferenceCount} is the rows of the requests that
     * succeeded, {@code executionCount} the ONNX Runtime runs that did, and {@code lastInference}
     * milliseconds since the epoch (0: none yet).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Snapshot(
            String name,
            String version,
            long lastInference,
            long inferenceCount,
            long executionCount,
            InferenceStats inferenceStats,
            List<BatchStats> batchStats) {}

    private static final class Tally {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();

        void add(long duration) {
            count.increment();
            nanos.add(duration);
        }

        DurationStat snapshot() {
            return new DurationStat(count.sum(), nanos.sum());
        }
    }

    /** The three steps of a run that Triton times apart: the input tensor, the run, the output's copy. */
    private static final class Compute {
        final Tally input = new Tally();
        final Tally infer = new Tally();
        final Tally output = new Tally();

        void add(ModelRunner.Run run) {
            input.add(run.inputNanos());
            infer.add(run.inferNanos());
            output.add(run.outputNanos());
        }
    }

    private final String name;
    private final long version;
    private final Tally success = new Tally();
    private final Tally queue = new Tally();
    private final Compute compute = new Compute();
    private final LongAdder failNanos = new LongAdder();
    private final Map<Failure, LongAdder> failures = new EnumMap<>(Failure.class);
    private final Map<Integer, Compute> batches = new ConcurrentSkipListMap<>();
    private final LongAdder inferences = new LongAdder();
    private final LongAdder executions = new LongAdder();
    private final AtomicLong lastInference = new AtomicLong();

    /** Registers the version's meters; {@code pending} counts its requests queued and not yet started. */
    public VersionStatistics(String name, long version, MeterRegistry meters, IntSupplier pending) {
        this.name = name;
        this.version = version;
        for (Failure failure : Failure.values()) {
            failures.put(failure, new LongAdder());
        }
        Tags tags = Tags.of("model", name, "version", Long.toString(version));
        gauge(meters, tags, "nv_inference_request_success", "Requests that succeeded", s -> s.success.count.sum());
        for (Failure failure : Failure.values()) {
            gauge(
                    meters,
                    tags.and("reason", failure.name()),
                    "nv_inference_request_failure",
                    "Requests that failed, by Triton's reason",
                    s -> s.failures.get(failure).sum());
        }
        gauge(meters, tags, "nv_inference_count", "Rows inferred by requests that succeeded", s -> s.inferences.sum());
        gauge(meters, tags, "nv_inference_exec_count", "ONNX Runtime runs (batches)", s -> s.executions.sum());
        gauge(
                meters,
                tags,
                "nv_inference_request_duration_us",
                "Cumulative time of the requests that succeeded, queue and compute, in microseconds",
                s -> micros(s.success));
        gauge(
                meters,
                tags,
                "nv_inference_queue_duration_us",
                "Cumulative time requests waited in the queue, in microseconds",
                s -> micros(s.queue));
        gauge(
                meters,
                tags,
                "nv_inference_compute_input_duration_us",
                "Cumulative time requests spent in building their batch's input tensor, in microseconds",
                s -> micros(s.compute.input));
        gauge(
                meters,
                tags,
                "nv_inference_compute_infer_duration_us",
                "Cumulative time requests spent in their batch's ONNX Runtime run, in microseconds",
                s -> micros(s.compute.infer));
        gauge(
                meters,
                tags,
                "nv_inference_compute_output_duration_us",
                "Cumulative time requests spent in copying out their batch's output, in microseconds",
                s -> micros(s.compute.output));
        Gauge.builder("nv_inference_pending_request_count", pending, IntSupplier::getAsInt)
                .description("Requests queued and not yet started")
                .tags(tags)
                .strongReference(true)
                .register(meters);
    }

    private void gauge(
            MeterRegistry meters,
            Tags tags,
            String meter,
            String description,
            ToDoubleFunction<VersionStatistics> value) {
        Gauge.builder(meter, this, value).description(description).tags(tags).register(meters);
    }

    private static double micros(Tally tally) {
        return tally.nanos.sum() / 1_000;
    }

    /** One successful ONNX Runtime run of {@code rows} rows. */
    void executed(int rows, ModelRunner.Run run) {
        executions.increment();
        batches.computeIfAbsent(rows, size -> new Compute()).add(run);
    }

    /** A request that was answered by {@code run}, its batch's run; durations from when it was queued. */
    void succeeded(int rows, long queueNanos, long requestNanos, ModelRunner.Run run) {
        success.add(requestNanos);
        queue.add(queueNanos);
        compute.add(run);
        inferences.add(rows);
        lastInference.accumulateAndGet(System.currentTimeMillis(), Math::max);
    }

    void failed(Failure failure, long requestNanos) {
        failures.get(failure).increment();
        failNanos.add(requestNanos);
        lastInference.accumulateAndGet(System.currentTimeMillis(), Math::max);
    }

    public void rejected(Rejection rejection, long requestNanos) {
        failed(
                switch (rejection.kind()) {
                    case QUEUE_FULL, TIMED_OUT -> Failure.REJECTED;
                    case CANCELLED -> Failure.CANCELED;
                    case UNLOADED -> Failure.OTHER;
                },
                requestNanos);
    }

    /** The figures now; read while requests run, they may be a request apart from each other. */
    public Snapshot snapshot() {
        long failed = failures.values().stream().mapToLong(LongAdder::sum).sum();
        return new Snapshot(
                name,
                Long.toString(version),
                lastInference.get(),
                inferences.sum(),
                executions.sum(),
                new InferenceStats(
                        success.snapshot(),
                        new DurationStat(failed, failNanos.sum()),
                        queue.snapshot(),
                        compute.input.snapshot(),
                        compute.infer.snapshot(),
                        compute.output.snapshot()),
                batches.entrySet().stream()
                        .map(batch -> new BatchStats(
                                batch.getKey(),
                                batch.getValue().input.snapshot(),
                                batch.getValue().infer.snapshot(),
                                batch.getValue().output.snapshot()))
                        .toList());
    }
}
