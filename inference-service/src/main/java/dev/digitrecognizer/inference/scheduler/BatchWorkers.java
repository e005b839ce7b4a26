package dev.digitrecognizer.inference.scheduler;

import dev.digitrecognizer.inference.scheduler.RequestQueue.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The workers of one version (Triton's instance count), each running batches from its queue.
 * With dynamic batching a worker takes the oldest request and runs whatever else arrives within
 * the queue delay as one run, up to the batch limit, or at once when the batch reaches a
 * preferred size; it waits only when others are already queued, so a lone request runs at once.
 * Without it, each request runs on its own. A failed batch is run again one request at a time,
 * so one bad request fails alone. When the queue closes, the last worker to stop closes the runner.
 */
public final class BatchWorkers {
    private static final Logger LOG = Logger.getLogger(BatchWorkers.class);

    /**
     * How batches are made: {@code delayNanos} null for a model that is not batched, and
     * {@code preferred} the sizes that run at once (may be empty).
     */
    public record Policy(int maxBatchSize, Long delayNanos, SortedSet<Integer> preferred) {
        boolean batching() {
            return delayNanos != null && maxBatchSize > 1;
        }
    }

    private final ModelRunner runner;
    private final RequestQueue queue;
    private final BatcherMetrics metrics;
    private final Policy policy;
    private final AtomicInteger liveWorkers = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final Runnable onClosed;

    /** Starts {@code count} workers; {@code onClosed} runs once the last has stopped and the runner is closed. */
    BatchWorkers(
            ModelRunner runner,
            RequestQueue queue,
            Policy policy,
            int count,
            BatcherMetrics metrics,
            Runnable onClosed) {
        this.runner = runner;
        this.queue = queue;
        this.metrics = metrics;
        this.policy = policy;
        this.onClosed = onClosed;
        liveWorkers.set(count);
        for (int i = 0; i < count; i++) {
            Thread worker = new Thread(this::work, "batcher-" + runner.name() + "-" + runner.version() + "-" + i);
            worker.setDaemon(true);
            threads.add(worker);
        }
        threads.forEach(Thread::start);
    }

    int count() {
        return threads.size();
    }

    /** Stops the workers at once, whatever is queued. */
    void interrupt() {
        threads.forEach(Thread::interrupt);
    }

    private void work() {
        try {
            // A request that would have overflowed this worker's last batch starts its next one.
            Request carried = null;
            while (!Thread.currentThread().isInterrupted()) {
                Request first = carried != null ? carried : queue.take();
                carried = null;
                if (first == RequestQueue.STOP) {
                    return;
                }
                if (!queue.claim(first)) {
                    continue;
                }
                List<Request> batch = new ArrayList<>();
                batch.add(first);
                int rows = first.rows;
                // A request that finds no other waiting runs at once: a lone client never pays the delay.
                boolean concurrent = !queue.isEmpty();
                boolean batching = policy.batching();
                long deadline = batching ? first.queuedAt + policy.delayNanos() : 0;
                while (batching && rows < policy.maxBatchSize() && !preferredReached(rows)) {
                    Request next = concurrent ? queue.poll(deadline - System.nanoTime()) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (next == RequestQueue.STOP || rows + next.rows > policy.maxBatchSize()) {
                        carried = next;
                        break;
                    }
                    if (queue.claim(next)) {
                        batch.add(next);
                        rows += next.rows;
                    }
                }
                execute(batch, rows);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (liveWorkers.decrementAndGet() == 0) {
                closeRunner();
            }
        }
    }

    /** A preferred size runs at once unless the queue holds enough for a larger one. */
    private boolean preferredReached(int rows) {
        SortedSet<Integer> preferred = policy.preferred();
        return preferred.contains(rows) && (rows == preferred.last() || queue.isEmpty());
    }

    private void closeRunner() {
        try {
            runner.close();
        } catch (Exception e) {
            LOG.debugf("closing %s version %s: %s", runner.name(), runner.version(), e.getMessage());
        }
        onClosed.run();
    }

    private void execute(List<Request> batch, int rows) {
        long start = System.nanoTime();
        for (Request request : batch) {
            metrics.started(start - request.queuedAt);
        }
        try {
            ModelRunner.Run run = run(concatenate(batch, rows), rows);
            int offset = 0;
            int width = runner.outputWidth();
            for (Request request : batch) {
                float[] own = new float[request.rows * width];
                System.arraycopy(run.output(), offset, own, 0, own.length);
                offset += own.length;
                metrics.succeeded(request.rows, start - request.queuedAt, System.nanoTime() - request.queuedAt, run);
                request.result().complete(own);
            }
        } catch (Exception e) {
            if (batch.size() == 1) {
                Request request = batch.get(0);
                metrics.failed(System.nanoTime() - request.queuedAt);
                request.result().completeExceptionally(e);
                return;
            }
            // One bad request must not fail the others: run each on its own.
            LOG.warnf(
                    "batch of %d requests for %s failed (%s); running them one by one",
                    batch.size(), runner.name(), e.getMessage());
            for (Request request : batch) {
                execute(List.of(request), request.rows);
            }
        }
    }

    private float[] concatenate(List<Request> batch, int rows) {
        if (batch.size() == 1) {
            return batch.get(0).input;
        }
        float[] input = new float[rows * runner.inputWidth()];
        int offset = 0;
        for (Request request : batch) {
            int length = request.rows * runner.inputWidth();
            System.arraycopy(request.input, 0, input, offset, length);
            offset += length;
        }
        return input;
    }

    private ModelRunner.Run run(float[] input, int rows) throws Exception {
        long start = System.nanoTime();
        ModelRunner.Run run = runner.run(input, rows);
        metrics.executed(rows, System.nanoTime() - start, run);
        return run;
    }
}
