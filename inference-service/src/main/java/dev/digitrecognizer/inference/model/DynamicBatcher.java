package dev.digitrecognizer.inference.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Triton-style dynamic batching for one model: requests queue in arrival order, and each worker
 * (Triton's instance count) takes the oldest and runs whatever else arrives within the queue
 * delay, up to the batch limit, as one ONNX Runtime run. It waits only when others are already
 * queued; a request that arrives to an empty queue runs at once. With a delay of 0 every request
 * runs on its own, on the caller's thread.
 */
final class DynamicBatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class);

    private record Pending(float[] input, int rows, CompletableFuture<float[]> result, long queuedAt) {}

    private final ServedModel model;
    private final int maxBatchSize;
    private final long delayNanos;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Timer queueTime;
    private final Timer computeTime;
    private final DistributionSummary batchSize;
    private final Counter rowsInferred;

    DynamicBatcher(ServedModel model, int maxBatchSize, long delayMicros, int workerCount, MeterRegistry registry) {
        this.model = model;
        this.maxBatchSize = maxBatchSize;
        this.delayNanos = TimeUnit.MICROSECONDS.toNanos(delayMicros);
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
        for (int i = 0; batching() && i < workerCount; i++) {
            Thread worker = new Thread(this::work, "batcher-" + name + "-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    private boolean batching() {
        return delayNanos > 0 && maxBatchSize > 1;
    }

    /** Completes with rows x outputs floats, or exceptionally with the ONNX Runtime error. */
    CompletableFuture<float[]> submit(float[] input, int rows) {
        CompletableFuture<float[]> result = new CompletableFuture<>();
        Pending pending = new Pending(input, rows, result, System.nanoTime());
        if (batching()) {
            queue.add(pending);
        } else {
            execute(List.of(pending), rows);
        }
        return result;
    }

    private void work() {
        // A request that would have overflowed this worker's last batch starts its next one.
        Pending carried = null;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Pending first = carried != null ? carried : queue.take();
                carried = null;
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                int rows = first.rows();
                // A request that finds no other waiting runs at once: a lone client never pays the delay.
                boolean concurrent = !queue.isEmpty();
                long deadline = first.queuedAt() + delayNanos;
                while (rows < maxBatchSize) {
                    Pending next =
                            concurrent ? queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (rows + next.rows() > maxBatchSize) {
                        carried = next;
                        break;
                    }
                    batch.add(next);
                    rows += next.rows();
                }
                execute(batch, rows);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void execute(List<Pending> batch, int rows) {
        long start = System.nanoTime();
        for (Pending pending : batch) {
            queueTime.record(start - pending.queuedAt(), TimeUnit.NANOSECONDS);
        }
        try {
            float[] output = run(concatenate(batch, rows), rows);
            int offset = 0;
            int width = model.outputWidth();
            for (Pending pending : batch) {
                float[] own = new float[pending.rows() * width];
                System.arraycopy(output, offset, own, 0, own.length);
                offset += own.length;
                pending.result().complete(own);
            }
        } catch (Exception e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            // One bad request must not fail the others: run each on its own.
            LOG.warnf(
                    "batch of %d requests for %s failed (%s); running them one by one",
                    batch.size(), model.name(), e.getMessage());
            for (Pending pending : batch) {
                execute(List.of(pending), pending.rows());
            }
        }
    }

    private float[] concatenate(List<Pending> batch, int rows) {
        if (batch.size() == 1) {
            return batch.get(0).input();
        }
        float[] input = new float[rows * model.inputWidth()];
        int offset = 0;
        for (Pending pending : batch) {
            int length = pending.rows() * model.inputWidth();
            System.arraycopy(pending.input(), 0, input, offset, length);
            offset += length;
        }
        return input;
    }

    private float[] run(float[] input, int rows) throws Exception {
        long start = System.nanoTime();
        float[] output = model.run(input, rows);
        computeTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batchSize.record(rows);
        rowsInferred.increment(rows);
        return output;
    }

    @Override
    public void close() {
        workers.forEach(Thread::interrupt);
    }
}
