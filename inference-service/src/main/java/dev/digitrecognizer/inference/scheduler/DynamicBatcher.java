package dev.digitrecognizer.inference.scheduler;

import dev.digitrecognizer.inference.repository.ModelConfig.QueuePolicy;

/**
 * Triton's scheduler for one model version: a {@link RequestQueue} that applies the queue policy,
 * and {@link BatchWorkers} that run its requests in batches on a {@link ModelRunner}. {@link
 * #drain()} lets the queue finish, then closes the runner: how a version is retired without
 * failing a request.
 */
public final class DynamicBatcher {
    private final RequestQueue queue;
    private final BatchWorkers workers;

    /** {@code onClosed} runs once the last worker has stopped and the runner is closed. */
    public DynamicBatcher(
            ModelRunner runner,
            BatchWorkers.Policy batching,
            QueuePolicy policy,
            int workerCount,
            BatcherMetrics metrics,
            Runnable onClosed) {
        this.queue = new RequestQueue(runner.name(), policy, metrics);
        this.workers = new BatchWorkers(runner, queue, batching, workerCount, metrics, onClosed);
    }

    /** Requests queued and not yet started. */
    public int pending() {
        return queue.pending();
    }

    /**
     * Queues the rows; null when this version is draining, so the caller submits to the one that
     * replaced it. {@code timeoutMicros} of 0 means none.
     */
    public RequestQueue.Request submit(float[] input, int rows, long timeoutMicros) {
        return queue.offer(input, rows, timeoutMicros);
    }

    /** Stops taking requests; the workers finish the queue, then the runner is closed. */
    public void drain() {
        queue.close(workers.count());
    }

    /** At shutdown: stops at once. */
    public void stop() {
        drain();
        workers.interrupt();
    }
}
