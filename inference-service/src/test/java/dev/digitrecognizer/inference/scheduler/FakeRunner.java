package dev.digitrecognizer.inference.scheduler;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A runner of one float per row that answers each row with itself, so every request can tell its
 * own answer; a row below zero fails whatever batch holds it. {@link #block()} makes the next runs
 * wait on a latch this test owns, and {@link #awaitRun()} tells the test a worker is inside one:
 * that is how a test fills the queue by a mechanism, not by timing.
 */
public final class FakeRunner implements ModelRunner {
    static final float POISON = -1;

    private final List<Integer> batches = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Integer> entered = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    /** The runs from now on wait until {@link #open()}. */
    void block() {
        gate = new CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    /** Waits until a worker has entered a run, and says how many rows it runs. */
    int awaitRun() throws InterruptedException {
        return entered.take();
    }

    /** Rows per run, in the order the runs started. */
    List<Integer> batches() {
        return batches;
    }

    boolean closed() {
        return closed.get();
    }

    public void awaitClosed() throws InterruptedException {
        closing.await();
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public long version() {
        return 1;
    }

    @Override
    public int inputWidth() {
        return 1;
    }

    @Override
    public int outputWidth() {
        return 1;
    }

    @Override
    public ModelRunner.Run run(float[] input, int rows) throws Exception {
        batches.add(rows);
        entered.add(rows);
        gate.await();
        float[] output = new float[rows];
        for (int row = 0; row < rows; row++) {
            if (input[row] == POISON) {
                throw new IllegalStateException("row " + row + " cannot be run");
            }
            output[row] = input[row];
        }
        return new ModelRunner.Run(output, 0, 0, 0);
    }

    @Override
    public void close() {
        closed.set(true);
        closing.countDown();
    }
}
