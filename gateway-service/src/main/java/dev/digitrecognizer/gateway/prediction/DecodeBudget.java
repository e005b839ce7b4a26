package dev.digitrecognizer.gateway.prediction;

import dev.digitrecognizer.gateway.Overloaded;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission by cost: decoding an image takes memory in proportion to its pixels, so each decode
 * holds its pixel count from a fixed budget until it is done. Four 16-megapixel photos decoded at
 * once exhaust a container's heap; with the budget the second one waits.
 *
 * <p>Fairness: an image of at most {@code smallPixels} (any canvas drawing) never queues behind
 * big ones. Big images may together hold at most {@code capacity - reserved}, so the reserve is
 * always there for small ones, and they wait only when small ones fill it. Big images queue in
 * arrival order (the head first, so a stream of medium photos cannot starve a large one), at most
 * {@code maxQueued} of them and each at most {@code maxWait}; past either the image is shed with
 * {@link Overloaded}. An image larger than a whole share is charged the whole share, so it still
 * runs, alone.
 */
public final class DecodeBudget {
    private static final int RETRY_AFTER_SECONDS = 1;

    /** The budget's shape; {@code reserved} is clamped to half the capacity. */
    public record Limits(long capacity, long smallPixels, long reserved, Duration maxWait, int maxQueued) {
        public Limits {
            if (capacity <= 0) {
                throw new IllegalArgumentException("the decode budget must be positive, not " + capacity);
            }
            reserved = Math.min(reserved, capacity / 2);
        }
    }

    /** Room held in the budget; give it back with {@link #close()}, once. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final Limits limits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final ArrayDeque<Object> bigQueue = new ArrayDeque<>();
    private long used;
    private long usedByBig;

    public DecodeBudget(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /** Waits until the image's pixels fit, or throws {@link Overloaded}. */
    public Permit acquire(long pixels) {
        boolean small = pixels <= limits.smallPixels();
        long bigShare = limits.capacity() - limits.reserved();
        long charge = Math.max(1, Math.min(pixels, small ? limits.capacity() : bigShare));
        long deadline = System.nanoTime() + limits.maxWait().toNanos();
        lock.lock();
        try {
            if (small) {
                while (used + charge > limits.capacity()) {
                    await(deadline, pixels);
                }
            } else {
                if (bigQueue.size() >= limits.maxQueued()) {
                    throw overloaded(pixels);
                }
                Object ticket = new Object();
                bigQueue.addLast(ticket);
                try {
                    while (bigQueue.peekFirst() != ticket
                            || usedByBig + charge > bigShare
                            || used + charge > limits.capacity()) {
                        await(deadline, pixels);
                    }
                } finally {
                    bigQueue.remove(ticket);
                    released.signalAll();
                }
                usedByBig += charge;
            }
            used += charge;
            return permit(charge, !small);
        } finally {
            lock.unlock();
        }
    }

    /** Room for a small image if there is some now; never waits, so an event loop may ask. */
    public Optional<Permit> tryAcquire(long pixels) {
        if (pixels > limits.smallPixels()) {
            return Optional.empty();
        }
        long charge = Math.max(1, Math.min(pixels, limits.capacity()));
        lock.lock();
        try {
            if (used + charge > limits.capacity()) {
                return Optional.empty();
            }
            used += charge;
            return Optional.of(permit(charge, false));
        } finally {
            lock.unlock();
        }
    }

    private void await(long deadline, long pixels) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw overloaded(pixels);
        }
        try {
            released.awaitNanos(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw overloaded(pixels);
        }
    }

    private Permit permit(long charge, boolean big) {
        return new Permit() {
            private boolean closed;

            @Override
            public void close() {
                lock.lock();
                try {
                    if (!closed) {
                        closed = true;
                        used -= charge;
                        if (big) {
                            usedByBig -= charge;
                        }
                        released.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    private Overloaded overloaded(long pixels) {
        return new Overloaded(
                "The server is busy decoding other large images; this one (" + pixels
                        + " pixels) could not start in time. Try again in a moment, or send a smaller image.",
                RETRY_AFTER_SECONDS);
    }

    /** Pixels being decoded now. */
    public long inUse() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    /** Big images waiting for room. */
    public int waiting() {
        lock.lock();
        try {
            return bigQueue.size();
        } finally {
            lock.unlock();
        }
    }

    /** The default capacity: a third of the heap at 8 bytes per decoded pixel (raster and ink map). */
    public static long defaultCapacity(long maxHeapBytes) {
        return maxHeapBytes / 3 / 8;
    }
}
