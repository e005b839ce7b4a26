package dev.digitrecognizer.inference.scheduler;

import dev.digitrecognizer.inference.repository.ModelConfig.QueuePolicy;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One version's queue and its policy, as Triton's queue policy has it: requests wait in arrival
 * order; a full queue ({@code max_queue_size}) refuses at once; a request past its timeout, and
 * one whose client left, is dropped at once and never computed. Exactly one of a worker's
 * {@link #claim}, the timeout and the cancel takes each request. Closing lets the queue empty,
 * then tells each worker to stop.
 */
public final class RequestQueue {
    /** A queued request; the batch workers read its rows and complete its result. */
    public static final class Request {
        final float[] input;
        final int rows;
        final long queuedAt;
        private final RequestQueue queue;
        private final long deadline;
        private final long timeoutMicros;
        private final CompletableFuture<float[]> result = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile ScheduledFuture<?> expiry;

        private Request(RequestQueue queue, float[] input, int rows, long queuedAt, long timeoutMicros) {
            this.queue = queue;
            this.input = input;
            this.rows = rows;
            this.queuedAt = queuedAt;
            this.timeoutMicros = timeoutMicros;
            this.deadline =
                    timeoutMicros > 0 ? queuedAt + TimeUnit.MICROSECONDS.toNanos(timeoutMicros) : Long.MAX_VALUE;
        }

        /** Completes with rows x outputs floats, or exceptionally with a {@link Rejection} or the runner's error. */
        public CompletableFuture<float[]> result() {
            return result;
        }

        /** Drops the request if no worker has claimed it; a no-op otherwise. */
        public void cancel() {
            queue.drop(this, Rejection.cancelled());
        }
    }

    /** Tells one worker the queue is closed and empty. */
    static final Request STOP = new Request(null, null, 0, 0, 0);

    /** Rejects a request at its deadline even while every worker is busy, as Triton does. */
    private static final ScheduledThreadPoolExecutor TIMEOUTS = timeouts();

    private final String model;
    private final QueuePolicy policy;
    private final BatcherMetrics metrics;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private boolean closing;

    RequestQueue(String model, QueuePolicy policy, BatcherMetrics metrics) {
        this.model = model;
        this.policy = policy;
        this.metrics = metrics;
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

    /** Requests queued and not yet claimed. */
    int pending() {
        return pending.get();
    }

    /**
     * Queues the rows, or refuses them at once when the queue is full; null when the queue is
     * closing. {@code timeoutMicros} of 0 means none.
     */
    Request offer(float[] input, int rows, long timeoutMicros) {
        Request request = new Request(this, input, rows, System.nanoTime(), timeoutMicros);
        synchronized (this) {
            if (closing) {
                return null;
            }
            int limit = policy.maxQueueSize();
            if (limit > 0 && pending.get() >= limit) {
                reject(request, Rejection.queueFull(model, limit));
                return request;
            }
            pending.incrementAndGet();
            queue.add(request);
        }
        if (timeoutMicros > 0) {
            request.expiry = TIMEOUTS.schedule(
                    () -> drop(request, Rejection.timedOut(model, timeoutMicros)),
                    timeoutMicros,
                    TimeUnit.MICROSECONDS);
        }
        return request;
    }

    /** Stops taking requests; once the ones queued are taken, each of {@code workers} takes a {@link #STOP}. */
    synchronized boolean close(int workers) {
        if (closing) {
            return false;
        }
        closing = true;
        for (int i = 0; i < workers; i++) {
            queue.add(STOP);
        }
        return true;
    }

    Request take() throws InterruptedException {
        return queue.take();
    }

    /** The next request, waiting at most {@code nanos}; null if none came. */
    Request poll(long nanos) throws InterruptedException {
        return queue.poll(nanos, TimeUnit.NANOSECONDS);
    }

    Request poll() {
        return queue.poll();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Takes a request out of the queue unrun, if no worker has claimed it. */
    private void drop(Request request, Rejection rejection) {
        if (request.claimed.compareAndSet(false, true)) {
            pending.decrementAndGet();
            queue.remove(request);
            stopExpiry(request);
            reject(request, rejection);
        }
    }

    private static void stopExpiry(Request request) {
        ScheduledFuture<?> expiry = request.expiry;
        if (expiry != null) {
            expiry.cancel(false);
        }
    }

    /** Claims a request for compute; false if it was cancelled, or timed out and is now rejected. */
    boolean claim(Request request) {
        if (!request.claimed.compareAndSet(false, true)) {
            return false;
        }
        pending.decrementAndGet();
        stopExpiry(request);
        // The deadline passed, and its timer has not run yet.
        if (System.nanoTime() > request.deadline) {
            reject(request, Rejection.timedOut(model, request.timeoutMicros));
            return false;
        }
        return true;
    }

    private void reject(Request request, Rejection rejection) {
        metrics.rejected(rejection, System.nanoTime() - request.queuedAt);
        request.result.completeExceptionally(rejection);
    }
}
