package dev.digitrecognizer.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.inference.backend.GatedRunners;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * gRPC and REST requests for a model wait in one queue and run in one batch, and each gets its
 * own rows back. The model's worker is kept inside the run of a first request ({@link
 * GatedRunners}) until all of them are queued, so the batch is certain, not a matter of timing.
 */
@QuarkusTest
@ExtendWith(AwaitReady.class)
@TestProfile(GrpcSharedBatchesTest.OneBatchOf16.class)
class GrpcSharedBatchesTest {
    private static final String SOURCE = ServedModels.digitModels().get(0);
    private static final String MODEL = "shared";
    private static final int EACH = 8;

    /** A 10 s window closed by a preferred size of 16: the 16 queued requests run as exactly one batch. */
    public static class OneBatchOf16 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TempRepository repository = TempRepository.create();
            String config = TempRepository.committedConfig(SOURCE, MODEL)
                    .replaceAll(
                            "(?s)dynamic_batching \\{.*}\\s*$",
                            "dynamic_batching { max_queue_delay_microseconds: 10000000 preferred_batch_size: [ 16 ] }\n");
            repository.config(MODEL, config).version(MODEL, 1, SOURCE);
            return Map.of("inference.model-repository", repository.root().toString(), "inference.warmup-runs", "1");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(GatedRunners.class);
        }
    }

    @Test
    void grpcAndRestRequestsShareOneBatchAndEachGetsItsOwnRow() throws Exception {
        List<float[]> alone = new ArrayList<>();
        for (int digit = 0; digit < 2 * EACH; digit++) {
            alone.add(Grpc.restAnswer(MODEL, digit));
        }
        double batchesBefore = Metrics.value("inference_batch_size_count", Metrics.model(MODEL));
        ExecutorService clients = Executors.newFixedThreadPool(2 * EACH + 1);
        List<Future<float[]>> answers = new ArrayList<>();
        try (Grpc grpc = new Grpc()) {
            GatedRunners.block(MODEL);
            Future<float[]> first;
            try {
                first = clients.submit(() -> Grpc.restAnswer(MODEL, 0));
                GatedRunners.awaitRun(MODEL);
                for (int digit = 0; digit < 2 * EACH; digit++) {
                    int row = digit;
                    answers.add(clients.submit(() -> row % 2 == 0
                            ? Grpc.restAnswer(MODEL, row)
                            : Grpc.floats(grpc.stub()
                                    .modelInfer(Grpc.request(MODEL, true, row).build())
                                    .getRawOutputContents(0))));
                }
                Metrics.await(v -> v == 2 * EACH, "inference_queue_pending", Metrics.model(MODEL));
            } finally {
                GatedRunners.open(MODEL);
            }
            assertArrayEquals(alone.get(0), first.get(), 1e-6f, "the first request");
            for (int digit = 0; digit < 2 * EACH; digit++) {
                assertArrayEquals(alone.get(digit), answers.get(digit).get(), 1e-6f, "digit " + digit);
            }
        } finally {
            clients.shutdown();
        }
        // the first request's batch of one, then one of all 16
        assertEquals(batchesBefore + 2, Metrics.value("inference_batch_size_count", Metrics.model(MODEL)));
        assertEquals(2 * EACH, Metrics.value("inference_batch_size_max", Metrics.model(MODEL)));
    }
}
