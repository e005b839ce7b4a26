package dev.digitrecognizer.inference;

import static dev.digitrecognizer.mnist.ModelContract.PIXELS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Concurrent requests for a model run as one ONNX Runtime batch; bad ones never spoil a batch. */
@QuarkusTest
@ExtendWith(AwaitReady.class)
@TestProfile(DynamicBatchingTest.LongQueueDelay.class)
class DynamicBatchingTest {
    /** Each test reads its own model's batch and queue metrics, so each sends to a model of its own. */
    private static final List<String> MODELS = ServedModels.digitModels();

    /** A 1 s window makes batching certain even on a slow, busy machine; two workers share the queue. */
    public static class LongQueueDelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "inference.batching.max-queue-delay-micros",
                    "1000000",
                    "inference.batching.max-batch-size",
                    "16",
                    "inference.batching.workers",
                    "2");
        }
    }

    @Test
    void concurrentRequestsShareBatchesUpToTheLimit() throws Exception {
        List<Object> bodies = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            bodies.add(Digits.request(i));
        }
        assertEquals(Collections.nCopies(48, 200), Burst.send(MODELS.get(0), bodies, 24));
        double largest = Burst.maxBatchSize(MODELS.get(0));
        assertTrue(largest > 1, "largest batch " + largest);
        assertTrue(largest <= 16, "largest batch " + largest + " is over the limit of 16");
    }

    /** The window is for requests that have company: one client on its own never waits for it. */
    @Test
    void aLoneClientNeverWaitsForTheQueueDelay() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(200), Burst.send(MODELS.get(1), List.of(Digits.request(i)), 1));
        }
        double longestWait = Burst.maxQueueSeconds(MODELS.get(1));
        assertTrue(longestWait < 0.5, "a lone request waited " + longestWait + " s of the 1 s window");
    }

    @Test
    void badRequestsAmongGoodOnesFailAloneAndTheGoodOnesSucceed() throws Exception {
        List<Object> bodies = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean bad = i % 4 == 0;
            bodies.add(bad ? Digits.request(List.of(1, PIXELS), Collections.nCopies(10, 0)) : Digits.request(i));
            expected.add(bad ? 400 : 200);
        }
        assertEquals(expected, Burst.send(MODELS.get(2), bodies, 20));
    }
}
