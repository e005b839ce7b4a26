package dev.digitrecognizer.gateway.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.gateway.Overloaded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Admission by cost, at the production heap's budget: 576 MiB / 24 pixels. */
class DecodeBudgetTest {
    private static final long HEAP = 576L << 20;
    private static final long SIXTEEN_MP = 4096L * 4096;
    private static final long CANVAS = 280L * 280;

    private static DecodeBudget budget(Duration maxWait, int maxQueued) {
        return new DecodeBudget(
                new DecodeBudget.Limits(DecodeBudget.defaultCapacity(HEAP), 1 << 20, 4 << 20, maxWait, maxQueued));
    }

    @Test
    void eightConcurrentSixteenMegapixelImagesDecodeOneAtATime() throws Exception {
        DecodeBudget budget = budget(Duration.ofSeconds(30), 16);
        AtomicInteger decoding = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger decoded = new AtomicInteger();
        AtomicInteger shed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            done.add(pool.submit(() -> {
                start.await();
                try (DecodeBudget.Permit permit = budget.acquire(SIXTEEN_MP)) {
                    peak.accumulateAndGet(decoding.incrementAndGet(), Math::max);
                    Thread.sleep(20);
                    decoding.decrementAndGet();
                    decoded.incrementAndGet();
                } catch (Overloaded e) {
                    shed.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long share = budget.limits().capacity() - budget.limits().reserved();
        assertEquals(share / SIXTEEN_MP, peak.get(), "at most budget / pixels decode at once");
        assertEquals(8, decoded.get() + shed.get());
        assertEquals(0, budget.inUse());
    }

    @Test
    void aCanvasIsAdmittedAtOnceWhileBigImagesHoldTheirShareAndOthersWait() throws Exception {
        DecodeBudget budget = budget(Duration.ofSeconds(30), 16);
        DecodeBudget.Permit big = budget.acquire(SIXTEEN_MP);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> waiting = pool.submit(() -> budget.acquire(SIXTEEN_MP).close());
        while (budget.waiting() == 0) {
            Thread.onSpinWait();
        }
        DecodeBudget noWait = budget;
        for (int i = 0; i < 40; i++) {
            noWait.acquire(CANVAS).close();
        }
        assertEquals(1, budget.waiting(), "the big image still waits; the canvases went past it");
        big.close();
        waiting.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(0, budget.inUse());
    }

    @Test
    void aBigImageThatCannotStartInTimeIsShed() {
        DecodeBudget budget = budget(Duration.ZERO, 16);
        try (DecodeBudget.Permit big = budget.acquire(SIXTEEN_MP)) {
            Overloaded e = assertThrows(Overloaded.class, () -> budget.acquire(SIXTEEN_MP));
            assertTrue(e.retryAfterSeconds() >= 1);
        }
        budget.acquire(SIXTEEN_MP).close();
    }

    @Test
    void aFullQueueShedsAtOnce() throws Exception {
        DecodeBudget budget = budget(Duration.ofSeconds(30), 1);
        DecodeBudget.Permit big = budget.acquire(SIXTEEN_MP);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> queued = pool.submit(() -> budget.acquire(SIXTEEN_MP).close());
        while (budget.waiting() == 0) {
            Thread.onSpinWait();
        }
        assertThrows(Overloaded.class, () -> budget.acquire(SIXTEEN_MP));
        big.close();
        queued.get(30, TimeUnit.SECONDS);
        pool.shutdown();
    }

    @Test
    void anImageLargerThanTheWholeBudgetStillRunsAlone() {
        DecodeBudget tiny = new DecodeBudget(new DecodeBudget.Limits(1_000_000, 10_000, 100_000, Duration.ZERO, 4));
        try (DecodeBudget.Permit huge = tiny.acquire(SIXTEEN_MP)) {
            assertEquals(900_000, tiny.inUse());
            assertThrows(Overloaded.class, () -> tiny.acquire(50_000));
            tiny.acquire(10_000).close();
        }
    }

    @Test
    void closingTwiceGivesBackOnce() {
        DecodeBudget budget = budget(Duration.ZERO, 1);
        DecodeBudget.Permit permit = budget.acquire(CANVAS);
        permit.close();
        permit.close();
        assertEquals(0, budget.inUse());
    }

    @Test
    void tryAcquireTakesRoomOnlyWhenThereIsSomeAndNeverForBigImages() {
        DecodeBudget budget = new DecodeBudget(new DecodeBudget.Limits(3 * CANVAS, CANVAS, CANVAS, Duration.ZERO, 1));
        List<DecodeBudget.Permit> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(budget.tryAcquire(CANVAS).orElseThrow());
        }
        assertTrue(budget.tryAcquire(CANVAS).isEmpty(), "the budget is full");
        held.remove(0).close();
        assertTrue(budget.tryAcquire(CANVAS).isPresent(), "room again once one is given back");
        assertTrue(budget.tryAcquire(CANVAS + 1).isEmpty(), "an image over small-pixels always goes through acquire");
    }
}
