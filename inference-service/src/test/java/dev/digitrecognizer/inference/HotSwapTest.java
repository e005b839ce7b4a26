package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In {@code poll} mode a version dropped into the repository under load is warmed up, then takes
 * over: no request fails, each client's answers switch from the old model to the new one once,
 * and the old session is closed after its last request.
 */
@QuarkusTest
@ExtendWith(AwaitReady.class)
@TestProfile(HotSwapTest.Poll.class)
class HotSwapTest {
    private static final String REPOSITORY = "hot-swap";
    private static final String MODEL = "swapped";
    private static final String OLD = ServedModels.digitModels().get(0);
    private static final String NEW = ServedModels.digitModels().get(1);
    private static final int CLIENTS = 4;
    private static final long TRAFFIC_NANOS = 20_000_000_000L;

    public static class Poll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TempRepository repository = TempRepository.named(REPOSITORY);
            repository.config(MODEL, TempRepository.committedConfig(OLD, MODEL)).version(MODEL, 1, OLD);
            return Map.of(
                    "inference.model-repository",
                    repository.root().toString(),
                    "inference.model-control-mode",
                    "poll",
                    "inference.repository-poll-interval",
                    "1s",
                    "inference.warmup-runs",
                    "1");
        }
    }

    private record Answer(int status, String version) {}

    @Test
    @Timeout(180)
    void aVersionDroppedInUnderLoadTakesOverWithoutAFailedRequest() throws Exception {
        List<Object> before = infer().path("outputs[0].data");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean sawNew = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Answer>>> runs = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                runs.add(clients.submit(() -> {
                    List<Answer> answers = new ArrayList<>();
                    while (!stop.get()) {
                        Response response = infer();
                        Answer answer = new Answer(response.statusCode(), response.path("model_version"));
                        answers.add(answer);
                        sawNew.compareAndSet(false, "2".equals(answer.version()));
                        answered.incrementAndGet();
                    }
                    return answers;
                }));
            }
            while (answered.get() < 100) {
                Thread.sleep(20);
            }
            TempRepository.existing(REPOSITORY).dropIn(MODEL, 2, NEW);
            while (!sawNew.get()) {
                Thread.sleep(20);
            }
            Metrics.await(v -> v == 1, "inference_model_sessions", Metrics.model(MODEL));
            while (System.nanoTime() - start < TRAFFIC_NANOS) {
                Thread.sleep(100);
            }
        } finally {
            stop.set(true);
            clients.shutdown();
        }
        for (Future<List<Answer>> run : runs) {
            List<Answer> answers = run.get();
            assertTrue(answers.stream().allMatch(a -> a.status() == 200), "a request failed: " + answers);
            assertEquals("1", answers.get(0).version());
            assertEquals("2", answers.get(answers.size() - 1).version());
            int firstNew = answers.indexOf(new Answer(200, "2"));
            assertTrue(
                    answers.subList(firstNew, answers.size()).stream()
                            .allMatch(a -> a.version().equals("2")),
                    "a client got the old model after the new one");
        }
        List<Object> after = infer().path("outputs[0].data");
        assertNotEquals(before, after, "the new version answers as the old one did");
        assertEquals(1, Metrics.value("inference_model_sessions", Metrics.model(MODEL)));
    }

    private static Response infer() {
        return given().contentType(ContentType.JSON).body(Digits.request(0)).post("/v2/models/{name}/infer", MODEL);
    }
}
