package dev.digitrecognizer.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrainTest {

    @Test
    void admitsRequestsUntilItStops() {
        Drain drain = new Drain();
        assertTrue(drain.enter());
        drain.exit();
        assertTrue(drain.enter());
    }

    @Test
    void stopWaitsForTheRequestsInFlightAndRefusesNewOnes() throws Exception {
        Drain drain = new Drain();
        assertTrue(drain.enter());
        assertTrue(drain.enter());
        CountDownLatch stopping = new CountDownLatch(1);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            stopping.countDown();
            try {
                drain.stop(Duration.ZERO, Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        stopping.await();
        while (drain.enter()) {
            drain.exit(); // not closed yet: the stop has not begun
        }
        drain.exit();
        assertFalse(stopped.isDone(), "stopped with a request still in flight");
        drain.exit();
        stopped.get(1, TimeUnit.MINUTES);
        assertFalse(drain.enter(), "a new request was admitted after the stop");
    }

    @Test
    void stopGivesUpOnARequestThatOutlastsTheTimeout() throws Exception {
        Drain drain = new Drain();
        assertTrue(drain.enter());
        drain.stop(Duration.ZERO, Duration.ofMillis(20));
        assertFalse(drain.enter());
    }

    @Test
    void theDelayServesAsUsualBeforeTheDrainBegins() throws Exception {
        Drain drain = new Drain();
        Thread stopping = new Thread(() -> {
            try {
                drain.stop(Duration.ofMinutes(1), Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                // the test is over
            }
        });
        stopping.start();
        while (stopping.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        assertTrue(drain.enter(), "a request was refused during the delay");
        drain.exit();
        stopping.interrupt();
        stopping.join();
    }
}
