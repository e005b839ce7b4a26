package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.util.concurrent.ListenableFuture;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.inference.backend.GatedRunners;
import dev.digitrecognizer.oip.grpc.GRPCInferenceServiceGrpc;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferResponse;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each setting of config.pbtxt's dynamic_batching takes effect over the protocols, one model per
 * setting. A test first blocks a model's one worker inside the run of a first request ({@link
 * GatedRunners}), then fills its queue, so every count is exact. How batches are made is
 * specified in full by {@code DynamicBatcherTest}, on a fake runner.
 */
@QuarkusTest
@ExtendWith(AwaitReady.class)
@TestProfile(QueuePolicyTest.Policies.class)
class QueuePolicyTest {
    private static final String SOURCE = ServedModels.digitModels().contains("mlp")
            ? "mlp"
            : ServedModels.digitModels().get(0);

    public static class Policies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TempRepository repository = TempRepository.create();
            model(repository, "queue4", "dynamic_batching { default_queue_policy { max_queue_size: 4 } }");
            model(repository, "queue1", "dynamic_batching { default_queue_policy { max_queue_size: 1 } }");
            model(
                    repository,
                    "preferred4",
                    "dynamic_batching { max_queue_delay_microseconds: 10000000 preferred_batch_size: [ 4 ] }");
            model(
                    repository,
                    "timeouts",
                    "dynamic_batching { default_queue_policy {"
                            + " default_timeout_microseconds: 5000000 allow_timeout_override: true } }");
            model(
                    repository,
                    "strict",
                    "dynamic_batching { default_queue_policy { default_timeout_microseconds: 5000000 } }");
            model(repository, "cancel", "dynamic_batching { max_queue_delay_microseconds: 500 }");
            model(repository, "cancelgrpc", "dynamic_batching { max_queue_delay_microseconds: 500 }");
            model(repository, "unbatched", "");
            return Map.of("inference.model-repository", repository.root().toString(), "inference.warmup-runs", "1");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(GatedRunners.class);
        }

        private static void model(TempRepository repository, String name, String scheduling) {
            String config = TempRepository.committedConfig(SOURCE, name)
                    .replaceAll("(?s)dynamic_batching \\{.*}\\s*$", scheduling + "\n");
            repository.config(name, config).version(name, 1, SOURCE);
        }
    }

    private record Answer(int status, String retryAfter, String body) {}

    @TestHTTPResource("/")
    URL base;

    @Test
    void aFullQueueRefusesTheRestAtOnceWith503AndRetryAfter() throws Exception {
        List<Future<Answer>> answers = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            answers.add(blockOneRun(clients, "queue4"));
            answers.addAll(send(clients, "queue4", 31, Map.of()));
            Metrics.await(v -> v == 27, "inference_rejections_total", Metrics.model("queue4"), "reason=\"queue_full\"");
            assertEquals(4, Metrics.value("inference_queue_pending", Metrics.model("queue4")));
            assertEquals(4, Metrics.value("nv_inference_pending_request_count", Metrics.model("queue4")));
        } finally {
            GatedRunners.open("queue4");
            clients.shutdown();
        }
        int ok = 0;
        for (Future<Answer> future : answers) {
            Answer answer = future.get();
            if (answer.status() == 200) {
                ok++;
            } else {
                assertEquals(503, answer.status(), answer.body());
                assertEquals("1", answer.retryAfter());
                assertTrue(answer.body().contains("its max_queue_size"), answer.body());
            }
        }
        assertEquals(5, ok);
        assertEquals(27, Metrics.value("nv_inference_request_failure", Metrics.model("queue4"), "reason=\"REJECTED\""));
        assertEquals(5, Metrics.value("nv_inference_request_success", Metrics.model("queue4")));
    }

    @Test
    void aFullQueueRefusesAGrpcCallWithUnavailableAndARetryAfterTrailer() throws Exception {
        String model = "queue1";
        ExecutorService clients = Executors.newSingleThreadExecutor();
        try (Grpc grpc = new Grpc()) {
            Future<Answer> first;
            ListenableFuture<ModelInferResponse> queued;
            StatusRuntimeException refused;
            try {
                first = blockOneRun(clients, model);
                queued = GRPCInferenceServiceGrpc.newFutureStub(grpc.channel)
                        .modelInfer(Grpc.request(model, true, 0).build());
                Metrics.await(v -> v == 1, "inference_queue_pending", Metrics.model(model));
                refused = assertThrows(
                        StatusRuntimeException.class,
                        () -> grpc.stub()
                                .modelInfer(Grpc.request(model, true, 0).build()));
            } finally {
                GatedRunners.open(model);
                clients.shutdown();
            }
            assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
            assertTrue(refused.getStatus().getDescription().contains("its max_queue_size"));
            Metadata trailers = Status.trailersFromThrowable(refused);
            assertEquals("1", trailers.get(Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER)));
            assertEquals(200, first.get().status());
            queued.get();
        }
        assertEquals(1, Metrics.value("inference_rejections_total", Metrics.model(model), "reason=\"queue_full\""));
    }

    @Test
    void aQueueThatReachesAPreferredBatchSizeRunsItAtOnce() throws Exception {
        List<Future<Answer>> answers = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(17);
        try {
            answers.add(blockOneRun(clients, "preferred4"));
            answers.addAll(send(clients, "preferred4", 16, Map.of()));
            Metrics.await(v -> v == 16, "inference_queue_pending", Metrics.model("preferred4"));
        } finally {
            GatedRunners.open("preferred4");
            clients.shutdown();
        }
        for (Future<Answer> answer : answers) {
            assertEquals(200, answer.get().status());
        }
        // With a 10 s delay and a limit of 64, only the preferred size stops a batch growing: the
        // first request's batch of one, then four of four.
        assertEquals(4, Metrics.value("inference_batch_size_max", Metrics.model("preferred4")));
        assertEquals(5, Metrics.value("inference_batch_size_count", Metrics.model("preferred4")));
    }

    @Test
    void aModelWithoutDynamicBatchingRunsEachRequestOnItsOwn() throws Exception {
        List<Future<Answer>> answers = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(9);
        try {
            answers.add(blockOneRun(clients, "unbatched"));
            answers.addAll(send(clients, "unbatched", 8, Map.of()));
            Metrics.await(v -> v == 8, "inference_queue_pending", Metrics.model("unbatched"));
        } finally {
            GatedRunners.open("unbatched");
            clients.shutdown();
        }
        for (Future<Answer> answer : answers) {
            assertEquals(200, answer.get().status());
        }
        assertEquals(1, Metrics.value("inference_batch_size_max", Metrics.model("unbatched")));
        assertEquals(9, Metrics.value("inference_batch_size_count", Metrics.model("unbatched")));
    }

    /** The worker is busy throughout: the timeout rejects the request without waiting for it to come free. */
    @Test
    void aRequestPastItsTimeoutIsRejectedAtOnceAndNeverComputed() throws Exception {
        Answer answer;
        Future<Answer> first;
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            first = blockOneRun(clients, "timeouts");
            answer =
                    send(clients, "timeouts", 1, Map.of("timeout", 1000)).get(0).get();
            assertEquals(0, Metrics.value("inference_queue_pending", Metrics.model("timeouts")));
        } finally {
            GatedRunners.open("timeouts");
            clients.shutdown();
        }
        assertEquals(200, first.get().status());
        assertEquals(503, answer.status(), answer.body());
        assertEquals("1", answer.retryAfter());
        assertTrue(answer.body().contains("past its timeout of 1000 microseconds"), answer.body());
        assertEquals(1, Metrics.value("inference_rejections_total", Metrics.model("timeouts"), "reason=\"timeout\""));
        // the first request's row alone
        assertEquals(1, Metrics.value("inference_rows_total", Metrics.model("timeouts")));
        assertEquals(
                1, Metrics.value("nv_inference_request_failure", Metrics.model("timeouts"), "reason=\"REJECTED\""));
    }

    @Test
    void aTimeoutOverThePolicysDefaultIsRefused() {
        given().contentType(ContentType.JSON)
                .body(withParameters(Map.of("timeout", 6_000_000)))
                .post("/v2/models/timeouts/infer")
                .then()
                .statusCode(400)
                .body("error", containsString("at most its default_timeout_microseconds, 5000000"));
    }

    @Test
    void aTimeoutIsRefusedByAModelThatDoesNotAllowOverrides() {
        given().contentType(ContentType.JSON)
                .body(withParameters(Map.of("timeout", 1000)))
                .post("/v2/models/strict/infer")
                .then()
                .statusCode(400)
                .body("error", containsString("does not set allow_timeout_override"));
    }

    @Test
    void aRequestWhoseClientLeavesWhileQueuedIsDroppedBeforeCompute() throws Exception {
        byte[] body = new ObjectMapper().writeValueAsBytes(Digits.request(0));
        List<Socket> sockets = new ArrayList<>();
        ExecutorService clients = Executors.newSingleThreadExecutor();
        Future<Answer> first;
        try {
            first = blockOneRun(clients, "cancel");
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v2/models/cancel/infer HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                sockets.add(socket);
            }
            Metrics.await(v -> v == 3, "inference_queue_pending", Metrics.model("cancel"));
            for (Socket socket : sockets) {
                socket.close();
            }
            Metrics.await(v -> v == 3, "inference_requests_cancelled_total", Metrics.model("cancel"));
            assertEquals(0, Metrics.value("inference_queue_pending", Metrics.model("cancel")));
            assertEquals(
                    3, Metrics.value("nv_inference_request_failure", Metrics.model("cancel"), "reason=\"CANCELED\""));
        } finally {
            GatedRunners.open("cancel");
            clients.shutdown();
        }
        assertEquals(200, first.get().status());
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .post("/v2/models/cancel/infer")
                .then()
                .statusCode(200);
        // the first request's row and the last one's: none of the cancelled
        assertEquals(2, Metrics.value("inference_rows_total", Metrics.model("cancel")));
    }

    @Test
    void aGrpcCallCancelledOrPastItsDeadlineWhileQueuedIsDroppedBeforeCompute() throws Exception {
        String model = "cancelgrpc";
        ExecutorService clients = Executors.newSingleThreadExecutor();
        try (Grpc grpc = new Grpc()) {
            Future<Answer> first;
            try {
                first = blockOneRun(clients, model);
                List<ListenableFuture<ModelInferResponse>> calls = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    calls.add(GRPCInferenceServiceGrpc.newFutureStub(grpc.channel)
                            .modelInfer(Grpc.request(model, true, 0).build()));
                }
                Metrics.await(v -> v == 2, "inference_queue_pending", Metrics.model(model));
                calls.forEach(call -> call.cancel(true));
                Metrics.await(v -> v == 2, "inference_requests_cancelled_total", Metrics.model(model));
                // five seconds: queued long before it passes
                StatusRuntimeException late = assertThrows(
                        StatusRuntimeException.class,
                        () -> grpc.stub()
                                .withDeadlineAfter(5, TimeUnit.SECONDS)
                                .modelInfer(Grpc.request(model, true, 0).build()));
                assertEquals(Status.Code.DEADLINE_EXCEEDED, late.getStatus().getCode());
                Metrics.await(v -> v == 3, "inference_requests_cancelled_total", Metrics.model(model));
                assertEquals(0, Metrics.value("inference_queue_pending", Metrics.model(model)));
            } finally {
                GatedRunners.open(model);
                clients.shutdown();
            }
            assertEquals(200, first.get().status());
            grpc.stub().modelInfer(Grpc.request(model, true, 0).build());
        }
        // the first request's row and the last one's: none of the cancelled
        assertEquals(2, Metrics.value("inference_rows_total", Metrics.model(model)));
    }

    @Test
    void modelControlIsOffByDefault() {
        given().post("/v2/repository/models/queue4/load")
                .then()
                .statusCode(400)
                .body("error", containsString("inference.model-control-mode=explicit"));
    }

    /**
     * Sends one request and waits until the model's one worker runs it, held inside the run until
     * {@link GatedRunners#open}: the requests sent after it stay queued.
     */
    private static Future<Answer> blockOneRun(ExecutorService clients, String model) throws InterruptedException {
        GatedRunners.block(model);
        Future<Answer> answer = send(clients, model, 1, Map.of()).get(0);
        GatedRunners.awaitRun(model);
        return answer;
    }

    private static Map<String, Object> withParameters(Map<String, Object> parameters) {
        Map<String, Object> request = new HashMap<>(Digits.request(0));
        request.put("parameters", parameters);
        return request;
    }

    private static List<Future<Answer>> send(
            ExecutorService clients, String model, int count, Map<String, Object> parameters) {
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> request = parameters.isEmpty() ? Digits.request(i) : withParameters(parameters);
            answers.add(clients.submit(() -> {
                var response =
                        given().contentType(ContentType.JSON).body(request).post("/v2/models/{name}/infer", model);
                return new Answer(response.statusCode(), response.header("Retry-After"), response.asString());
            }));
        }
        return answers;
    }
}
