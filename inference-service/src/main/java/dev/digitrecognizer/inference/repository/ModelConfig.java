package dev.digitrecognizer.inference.repository;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What this server serves of a model, read from its Triton {@code config.pbtxt} by
 * {@link ConfigFile}: the single FP32 input and output with their per-row widths, the batch limit,
 * the file name, the dynamic batching and queue policy (empty: the model is not batched, as in
 * Triton), the instance count and which version folders are served.
 */
public record ModelConfig(
        String platform,
        int maxBatchSize,
        String inputName,
        long inputWidth,
        String outputName,
        long outputWidth,
        String fileName,
        Optional<Batching> batching,
        int instances,
        VersionPolicy versionPolicy) {
    /** The protocol's name for TYPE_FP32, the one data_type this server takes. */
    public static final String DATATYPE = "FP32";

    /** {@code dynamic_batching}: the delay, the preferred sizes (may be empty) and the queue policy. */
    public record Batching(long maxQueueDelayMicros, SortedSet<Integer> preferredBatchSizes, QueuePolicy queue) {}

    /**
     * {@code default_queue_policy}: 0 means no limit and no timeout, as in Triton; a timed-out
     * request is always rejected (REJECT, the one timeout_action served).
     */
    public record QueuePolicy(int maxQueueSize, long defaultTimeoutMicros, boolean allowTimeoutOverride) {
        public static final QueuePolicy NONE = new QueuePolicy(0, 0, false);
    }

    /** {@code version_policy}: which of the numbered version folders are served. */
    public sealed interface VersionPolicy {
        SortedSet<Long> select(SortedSet<Long> available);

        /** The {@code count} highest-numbered versions; Triton's default, with a count of 1. */
        record Latest(int count) implements VersionPolicy {
            @Override
            public SortedSet<Long> select(SortedSet<Long> available) {
                TreeSet<Long> chosen = new TreeSet<>();
                for (Long version : new TreeSet<>(available).descendingSet()) {
                    if (chosen.size() == count) {
                        break;
                    }
                    chosen.add(version);
                }
                return chosen;
            }
        }

        record All() implements VersionPolicy {
            @Override
            public SortedSet<Long> select(SortedSet<Long> available) {
                return new TreeSet<>(available);
            }
        }

        /** Exactly these versions; each must have a folder. */
        record Specific(SortedSet<Long> versions) implements VersionPolicy {
            @Override
            public SortedSet<Long> select(SortedSet<Long> available) {
                return new TreeSet<>(versions);
            }
        }
    }

    public List<Long> inputShape() {
        return List.of(-1L, inputWidth);
    }

    public List<Long> outputShape() {
        return List.of(-1L, outputWidth);
    }
}
