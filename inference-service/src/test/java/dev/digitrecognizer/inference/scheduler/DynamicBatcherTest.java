package dev.digitrecognizer.inference.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.inference.repository.ModelConfig.QueuePolicy;
import dev.digitrecognizer.inference.scheduler.RequestQueue.Request;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scheduler of one version on a {@link FakeRunner}: the queue policy, how batches are made,
 * the one-by-one fallback and the drain. Each test first blocks the one worker inside a run of
 * one request, then queues the rest, so every batch is certain; a test that hangs fails by the
 * timeout, which no correct scheduler comes near.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DynamicBatcherTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long UNBATCHED = -1;

    private final FakeRunner runner = new FakeRunner();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final VersionStatistics statistics = new VersionStatistics("fake", 1, meters, () -> 0);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<DynamicBatcher> batchers = new ArrayList<>();

    @AfterEach
    void stop() {
        runner.open();
        batchers.forEach(DynamicBatcher::stop);
    }

    @Test
    void aFullQueueRefusesARequestAtOnce() throws Exception {
        DynamicBatcher batcher = batcher(64, UNBATCHED, sizes(), new QueuePolicy(2, 0, false));
        Request running = startBlocked(batcher);
        Request second = submit(batcher, 2);
        Request third = submit(batcher, 3);
        Request refused = submit(batcher, 4);
        assertTrue(refused.result().isDone());
        assertEquals(Rejection.Kind.QUEUE_FULL, rejection(refused).kind());
        assertTrue(rejection(refused).getMessage().contains("already has 2 requests queued"));
        assertEquals(2, batcher.pending());
        assertEquals(1, rejections("queue_full"));
        runner.open();
        assertAnswers(List.of(running, second, third), 1, 2, 3);
        assertEquals(1, statistics.snapshot().inferenceStats().fail().count());
    }

    @Test
    void aRequestPastItsTimeoutIsRejectedWhileEveryWorkerIsBusy() throws Exception {
        DynamicBatcher batcher = batcher(64, UNBATCHED, sizes(), new QueuePolicy(0, 5_000_000, true));
        Request running = startBlocked(batcher);
        Request late = batcher.submit(new float[] {2}, 1, 1000);
        assertEquals(Rejection.Kind.TIMED_OUT, rejection(late).kind());
        assertTrue(rejection(late).getMessage().contains("past its timeout of 1000 microseconds"));
        assertEquals(0, batcher.pending());
        assertEquals(1, rejections("timeout"));
        runner.open();
        assertAnswers(List.of(running), 1);
        assertAnswers(List.of(submit(batcher, 3)), 3);
        assertEquals(List.of(1, 1), runner.batches());
    }

    @Test
    void aRequestCancelledWhileQueuedIsNeverComputed() throws Exception {
        DynamicBatcher batcher = batcher(64, HOUR, sizes(), QueuePolicy.NONE);
        Request running = startBlocked(batcher);
        Request withdrawn = submit(batcher, 2);
        withdrawn.cancel();
        assertEquals(Rejection.Kind.CANCELLED, rejection(withdrawn).kind());
        assertEquals(0, batcher.pending());
        assertEquals(1, meters.get("inference.requests.cancelled").counter().count());
        runner.open();
        assertAnswers(List.of(running), 1);
        assertAnswers(List.of(submit(batcher, 3)), 3);
        assertEquals(List.of(1, 1), runner.batches());
    }

    @Test
    void cancellingARequestThatIsRunningChangesNothing() throws Exception {
        DynamicBatcher batcher = batcher(64, HOUR, sizes(), QueuePolicy.NONE);
        Request running = startBlocked(batcher);
        running.cancel();
        runner.open();
        assertAnswers(List.of(running), 1);
        assertEquals(0, meters.get("inference.requests.cancelled").counter().count());
    }

    @Test
    void aBatchThatReachesAPreferredSizeRunsAtOnce() throws Exception {
        DynamicBatcher batcher = batcher(64, HOUR, sizes(4), QueuePolicy.NONE);
        startBlocked(batcher);
        List<Request> queued = submitAll(batcher, 16);
        assertEquals(16, batcher.pending());
        runner.open();
        assertAnswers(queued, values(16));
        assertEquals(List.of(1, 4, 4, 4, 4), runner.batches());
    }

    @Test
    void aPreferredSizeWaitsWhenTheQueueHoldsEnoughForALargerOne() throws Exception {
        DynamicBatcher batcher = batcher(64, HOUR, sizes(2, 4), QueuePolicy.NONE);
        startBlocked(batcher);
        List<Request> queued = submitAll(batcher, 6);
        runner.open();
        assertAnswers(queued, values(6));
        assertEquals(List.of(1, 4, 2), runner.batches());
    }

    @Test
    void aBatchNeverExceedsTheMaxBatchSize() throws Exception {
        DynamicBatcher batcher = batcher(4, HOUR, sizes(), QueuePolicy.NONE);
        startBlocked(batcher);
        List<Request> queued = submitAll(batcher, 8);
        runner.open();
        assertAnswers(queued, values(8));
        assertEquals(List.of(1, 4, 4), runner.batches());
    }

    @Test
    void aRequestThatWouldOverflowABatchStartsTheNextOne() throws Exception {
        DynamicBatcher batcher = batcher(4, HOUR, sizes(), QueuePolicy.NONE);
        startBlocked(batcher);
        Request first = batcher.submit(new float[] {1, 2, 3}, 3, 0);
        Request second = batcher.submit(new float[] {4, 5, 6}, 3, 0);
        runner.open();
        assertEquals(List.of(1f, 2f, 3f), floats(first.result().get()));
        assertEquals(List.of(4f, 5f, 6f), floats(second.result().get()));
        assertEquals(List.of(1, 3, 3), runner.batches());
    }

    @Test
    void theQueueDelayClosesABatchWithWhatHasArrived() throws Exception {
        DynamicBatcher batcher = batcher(64, TimeUnit.MILLISECONDS.toNanos(1), sizes(), QueuePolicy.NONE);
        startBlocked(batcher);
        List<Request> queued = submitAll(batcher, 2);
        runner.open();
        assertAnswers(queued, values(2));
        assertEquals(List.of(1, 2), runner.batches());
    }

    @Test
    void aBatchTakesInRequestsThatArriveWithinTheDelay() throws Exception {
        DynamicBatcher batcher = batcher(3, HOUR, sizes(), QueuePolicy.NONE);
        startBlocked(batcher);
        List<Request> queued = new ArrayList<>(submitAll(batcher, 2));
        runner.open();
        // The batch of two waits for a third, however long the worker took to start it.
        queued.add(submit(batcher, 3));
        assertAnswers(queued, values(3));
        assertEquals(List.of(1, 3), runner.batches());
    }

    @Test
    void aLoneRequestRunsAtOnceWithoutWaitingForTheDelay() throws Exception {
        DynamicBatcher batcher = batcher(64, HOUR, sizes(), QueuePolicy.NONE);
        assertAnswers(List.of(submit(batcher, 1)), 1);
        assertEquals(List.of(1), runner.batches());
    }

    @Test
    void withoutDynamicBatchingEachRequestRunsAlone() throws Exception {
        DynamicBatcher batcher = batcher(64, UNBATCHED, sizes(), QueuePolicy.NONE);
        startBlocked(batcher);
        List<Request> queued = submitAll(batcher, 8);
        runner.open();
        assertAnswers(queued, values(8));
        assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 1, 1), runner.batches());
    }

    @Test
    void aFailedBatchRunsAgainOneRequestAtATimeSoOnlyTheBadOneFails() throws Exception {
        DynamicBatcher batcher = batcher(64, HOUR, sizes(3), QueuePolicy.NONE);
        startBlocked(batcher);
        Request good = submit(batcher, 2);
        Request bad = submit(batcher, FakeRunner.POISON);
        Request alsoGood = submit(batcher, 3);
        runner.open();
        assertAnswers(List.of(good, alsoGood), 2, 3);
        ExecutionException failure =
                assertThrows(ExecutionException.class, () -> bad.result().get());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals(List.of(1, 3, 1, 1, 1), runner.batches());
        assertEquals(
                1,
                meters.get("nv_inference_request_failure")
                        .tag("reason", "BACKEND")
                        .gauge()
                        .value());
    }

    @Test
    void aDrainingVersionFinishesItsQueueThenClosesItsRunner() throws Exception {
        DynamicBatcher batcher = batcher(64, UNBATCHED, sizes(), QueuePolicy.NONE);
        Request running = startBlocked(batcher);
        List<Request> queued = submitAll(batcher, 2);
        batcher.drain();
        // The caller submits to the version that replaced this one.
        assertNull(submit(batcher, 9));
        assertFalse(runner.closed());
        runner.open();
        assertAnswers(List.of(running, queued.get(0), queued.get(1)), 1, 1, 2);
        runner.awaitClosed();
        closed.await();
        assertEquals(List.of(1, 1, 1), runner.batches());
    }

    private DynamicBatcher batcher(
            int maxBatchSize, long delayNanos, SortedSet<Integer> preferred, QueuePolicy policy) {
        DynamicBatcher batcher = new DynamicBatcher(
                runner,
                new BatchWorkers.Policy(maxBatchSize, delayNanos == UNBATCHED ? null : delayNanos, preferred),
                policy,
                1,
                new BatcherMetrics("fake", meters, statistics),
                closed::countDown);
        batchers.add(batcher);
        return batcher;
    }

    /** Queues a request of value 1 and waits until the worker runs it, blocked until {@link FakeRunner#open()}. */
    private Request startBlocked(DynamicBatcher batcher) throws InterruptedException {
        runner.block();
        Request running = submit(batcher, 1);
        assertEquals(1, runner.awaitRun());
        return running;
    }

    private static Request submit(DynamicBatcher batcher, float value) {
        return batcher.submit(new float[] {value}, 1, 0);
    }

    /** Queues requests of the values 1 to {@code count}. */
    private static List<Request> submitAll(DynamicBatcher batcher, int count) {
        List<Request> requests = new ArrayList<>();
        for (int value = 1; value <= count; value++) {
            requests.add(submit(batcher, value));
        }
        return requests;
    }

    private static float[] values(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = i + 1;
        }
        return values;
    }

    private static void assertAnswers(List<Request> requests, float... expected) throws Exception {
        for (int i = 0; i < requests.size(); i++) {
            assertEquals(List.of(expected[i]), floats(requests.get(i).result().get()), "request " + i);
        }
    }

    private static List<Float> floats(float[] values) {
        List<Float> list = new ArrayList<>();
        for (float value : values) {
            list.add(value);
        }
        return list;
    }

    private static Rejection rejection(Request request) {
        ExecutionException e =
                assertThrows(ExecutionException.class, () -> request.result().get());
        return assertInstanceOf(Rejection.class, e.getCause());
    }

    private double rejections(String reason) {
        return meters.get("inference.rejections")
                .tag("reason", reason)
                .counter()
                .count();
    }

    private static SortedSet<Integer> sizes(Integer... sizes) {
        return new TreeSet<>(List.of(sizes));
    }
}
