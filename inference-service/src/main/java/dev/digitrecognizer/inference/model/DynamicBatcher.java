package dev.digitrecognizer.inference.model;

import dev.digitrecognizer.inference.model.ModelConfig.QueuePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Triton's scheduler for one model version. Requests queue in arrival order and each worker
 * (Triton's instance count) runs them. With dynamic batching a worker takes the oldest and runs
 * whatever else arrives within the queue delay as one ONNX Runtime run, up to the batch limit, or
 * at once when the batch reaches a preferred size; it waits only when others are already queued,
 * so a lone request runs at once. Without it, each request runs on its own. The queue policy
 * applies throughout: a full queue refuses at once, a request past its timeout and one whose
 * client left are dropped at once, never computed. {@link #drain()} lets the queue finish, then closes the
 * session: how a version is retired without failing a request.
 */
final class DynamicBatcher {
    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class);

    /** Tells one worker the queue is closed and empty. */
    private static final Pending STOP = new Pending(null, null, 0, 0, Long.MAX_VALUE, 0);

    /** Exactly one of a worker, a timeout or the client's cancel claims a request. */
    private static final class Pending implements Submission {
        final DynamicBatcher batcher;
        final float[] input;
        final int rows;
        final long queuedAt;
        final long deadline;
        final long timeoutMicros;
        final CompletableFuture<float[]> result = new CompletableFuture<>();
        final AtomicBoolean claimed = new AtomicBoolean();
        volatile ScheduledFuture<?> expiry;

        Pending(DynamicBatcher batcher, float[] input, int rows, long queuedAt, long deadline, long timeoutMicros) {
            this.batcher = batcher;
            this.input = input;
            this.rows = rows;
            this.queuedAt = queuedAt;
            this.deadline = deadline;
            this.timeoutMicros = timeoutMicros;
        }

        @Override
        public CompletableFuture<float[]> result() {
            return result;
        }

        @Override
        public ServedModel model() {
            return batcher.model;
        }

        @Override
        public void cancel() {
            batcher.cancel(this);
        }
    }

    /** Rejects a request at its deadline even while every worker is busy, as Triton does. */
    private static final ScheduledThreadPoolExecutor TIMEOUTS = timeouts();

    private final ServedModel model;
    private final int maxBatchSize;
    private final boolean batching;
    private final long delayNanos;
    private final SortedSet<Integer> preferred;
    private final QueuePolicy policy;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger liveWorkers = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private final Runnable onClosed;
    private volatile CountDownLatch hold;
    private boolean closing;
    private final Timer queueTime;
    private final Timer computeTime;
    private final DistributionSummary batchSize;
    private final Counter rowsInferred;
    private final Counter queueFull;
    private final Counter timedOut;
    private final Counter cancelled;
    private final VersionStatistics statistics;

    /**
     * {@code delayNanos} is null for a model that is not batched; {@code statistics} are the
     * version's, recorded before each request is answered; {@code onClosed} runs once the last
     * worker has stopped and the session is closed.
     */
    DynamicBatcher(
            ServedModel model,
            int maxBatchSize,
            Long delayNanos,
            SortedSet<Integer> preferred,
            QueuePolicy policy,
            int workerCount,
            MeterRegistry registry,
            VersionStatistics statistics,
            Runnable onClosed) {
        this.model = model;
        this.maxBatchSize = maxBatchSize;
        this.batching = delayNanos != null && maxBatchSize > 1;
        this.delayNanos = delayNanos == null ? 0 : delayNanos;
        this.preferred = preferred;
        this.policy = policy;
        this.statistics = statistics;
        this.onClosed = onClosed;
        String name = model.name();
        queueTime = Timer.builder("inference.queue")
                .description("Time a request waited for its batch")
                .tag("model", name)
                .publishPercentileHistogram()
                .register(registry);
        computeTime = Timer.builder("inference.compute")
                .description("One ONNX Runtime run")
                .tag("model", name)
                .publishPercentileHistogram()
                .register(registry);
        batchSize = DistributionSummary.builder("inference.batch.size")
                .description("Rows per ONNX Runtime run")
                .tag("model", name)
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(registry);
        rowsInferred = Counter.builder("inference.rows")
                .description("Rows (images) inferred")
                .tag("model", name)
                .register(registry);
        queueFull = rejections(registry, name, "queue_full");
        timedOut = rejections(registry, name, "timeout");
        cancelled = Counter.builder("inference.requests.cancelled")
                .description("Requests dropped before compute because their client closed the connection")
                .tag("model", name)
                .register(registry);
        liveWorkers.set(workerCount);
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(this::work, "batcher-" + name + "-" + model.version() + "-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
    }

    private static ScheduledThreadPoolExecutor timeouts() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "queue-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static Counter rejections(MeterRegistry registry, String model, String reason) {
        return Counter.builder("inference.rejections")
                .description("Requests the queue refused or dropped without computing them, by reason")
                .tag("model", model)
                .tag("reason", reason)
                .register(registry);
    }

    /** Requests queued and not yet started. */
    int pending() {
        return pending.get();
    }

    /**
     * Queues the rows; null when this version is draining, so the caller submits to the one that
     * replaced it. {@code timeoutMicros} of 0 means none.
     */
    Submission submit(float[] input, int rows, long timeoutMicros) {
        long now = System.nanoTime();
        long deadline = timeoutMicros > 0 ? now + TimeUnit.MICROSECONDS.toNanos(timeoutMicros) : Long.MAX_VALUE;
        Pending request = new Pending(this, input, rows, now, deadline, timeoutMicros);
        synchronized (this) {
            if (closing) {
                return null;
            }
            int limit = policy.maxQueueSize();
            if (limit > 0 && pending.get() >= limit) {
                queueFull.increment();
                reject(request, Rejection.queueFull(model.name(), limit));
                return request;
            }
            pending.incrementAndGet();
            queue.add(request);
        }
        if (timeoutMicros > 0) {
            request.expiry = TIMEOUTS.schedule(
                    () -> drop(request, timedOut, Rejection.timedOut(model.name(), timeoutMicros)),
                    timeoutMicros,
                    TimeUnit.MICROSECONDS);
        }
        return request;
    }

    private void cancel(Pending request) {
        drop(request, cancelled, Rejection.cancelled());
    }

    /** Takes a request out of the queue unrun, if no worker has claimed it. */
    private void drop(Pending request, Counter reason, Rejection rejection) {
        if (request.claimed.compareAndSet(false, true)) {
            pending.decrementAndGet();
            queue.remove(request);
            stopExpiry(request);
            reason.increment();
            reject(request, rejection);
        }
    }

    private static void stopExpiry(Pending request) {
        ScheduledFuture<?> expiry = request.expiry;
        if (expiry != null) {
            expiry.cancel(false);
        }
    }

    /** Claims a request for compute; false if it was cancelled, or timed out and is now rejected. */
    private boolean claim(Pending request) {
        if (!request.claimed.compareAndSet(false, true)) {
            return false;
        }
        pending.decrementAndGet();
        stopExpiry(request);
        // The deadline passed, and its timer has not run yet.
        if (System.nanoTime() > request.deadline) {
            timedOut.increment();
            reject(request, Rejection.timedOut(model.name(), request.timeoutMicros));
            return false;
        }
        return true;
    }

    private void reject(Pending request, Rejection rejection) {
        statistics.rejected(rejection, System.nanoTime() - request.queuedAt);
        request.result.completeExceptionally(rejection);
    }

    /** Holds every worker before its next batch until {@link #release()}: lets a test fill the queue. */
    void hold() {
        hold = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch held = hold;
        hold = null;
        if (held != null) {
            held.countDown();
        }
    }

    /** Stops taking requests; the workers finish the queue, then the session is closed. */
    void drain() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        workers.forEach(worker -> queue.add(STOP));
    }

    /** At shutdown: stops at once. */
    void stop() {
        drain();
        workers.forEach(Thread::interrupt);
    }

    private void work() {
        try {
            // A request that would have overflowed this worker's last batch starts its next one.
            Pending carried = null;
            while (!Thread.currentThread().isInterrupted()) {
                Pending first = carried != null ? carried : queue.take();
                carried = null;
                if (first == STOP) {
                    return;
                }
                CountDownLatch held = hold;
                if (held != null) {
                    held.await();
                }
                if (!claim(first)) {
                    continue;
                }
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                int rows = first.rows;
                // A request that finds no other waiting runs at once: a lone client never pays the delay.
                boolean concurrent = !queue.isEmpty();
                long deadline = first.queuedAt + delayNanos;
                while (batching && rows < maxBatchSize && !preferredReached(rows)) {
                    Pending next =
                            concurrent ? queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (next == STOP || rows + next.rows > maxBatchSize) {
                        carried = next;
                        break;
                    }
                    if (claim(next)) {
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
                closeSession();
            }
        }
    }

    /** A preferred size runs at once unless the queue holds enough for a larger one. */
    private boolean preferredReached(int rows) {
        return preferred.contains(rows) && (rows == preferred.last() || queue.isEmpty());
    }

    private void closeSession() {
        try {
            model.close();
        } catch (Exception e) {
            LOG.debugf("closing %s version %s: %s", model.name(), model.version(), e.getMessage());
        }
        onClosed.run();
    }

    private void execute(List<Pending> batch, int rows) {
        long start = System.nanoTime();
        for (Pending request : batch) {
            queueTime.record(start - request.queuedAt, TimeUnit.NANOSECONDS);
        }
        try {
            ServedModel.Run run = run(concatenate(batch, rows), rows);
            int offset = 0;
            int width = model.outputWidth();
            for (Pending request : batch) {
                float[] own = new float[request.rows * width];
                System.arraycopy(run.output(), offset, own, 0, own.length);
                offset += own.length;
                statistics.succeeded(request.rows, start - request.queuedAt, System.nanoTime() - request.queuedAt, run);
                request.result.complete(own);
            }
        } catch (Exception e) {
            if (batch.size() == 1) {
                Pending request = batch.get(0);
                statistics.failed(VersionStatistics.Failure.BACKEND, System.nanoTime() - request.queuedAt);
                request.result.completeExceptionally(e);
                return;
            }
            // One bad request must not fail the others: run each on its own.
            LOG.warnf(
                    "batch of %d requests for %s failed (%s); running them one by one",
                    batch.size(), model.name(), e.getMessage());
            for (Pending request : batch) {
                execute(List.of(request), request.rows);
            }
        }
    }

    private float[] concatenate(List<Pending> batch, int rows) {
        if (batch.size() == 1) {
            return batch.get(0).input;
        }
        float[] input = new float[rows * model.inputWidth()];
        int offset = 0;
        for (Pending request : batch) {
            int length = request.rows * model.inputWidth();
            System.arraycopy(request.input, 0, input, offset, length);
            offset += length;
        }
        return input;
    }

    private ServedModel.Run run(float[] input, int rows) throws Exception {
        long start = System.nanoTime();
        ServedModel.Run run = model.run(input, rows);
        computeTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batchSize.record(rows);
        rowsInferred.increment(rows);
        statistics.executed(rows, run);
        return run;
    }
}
