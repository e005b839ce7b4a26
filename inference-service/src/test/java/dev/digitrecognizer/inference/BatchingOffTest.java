package dev.digitrecognizer.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** A queue delay of 0 turns batching off: every request is its own ONNX Runtime run. */
@QuarkusTest
@ExtendWith(AwaitReady.class)
@TestProfile(BatchingOffTest.NoQueueDelay.class)
class BatchingOffTest {

    public static class NoQueueDelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("inference.batching.max-queue-delay-micros", "0");
        }
    }

    @Test
    void concurrentRequestsRunOneByOne() throws Exception {
        String model = ServedModels.digitModels().get(0);
        List<Object> bodies = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            bodies.add(Digits.request(i));
        }
        assertEquals(Collections.nCopies(32, 200), Burst.send(model, bodies, 16));
        assertEquals(1.0, Burst.maxBatchSize(model));
    }
}
