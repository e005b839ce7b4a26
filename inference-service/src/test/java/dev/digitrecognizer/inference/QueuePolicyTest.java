package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.util.concurrent.ListenableFuture;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.inference.model.ModelRegistry;
import dev.digitrecognizer.oip.grpc.GRPCInferenceServiceGrpc;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each setting of config.pbtxt's dynamic_batching takes effect, one model per setting. The tests
 * hold a model's workers ({@link ModelRegistry#hold}) to fill its queue, so every count is exact.
 */
@QuarkusTest
@ExtendWith(AwaitReady.class)
@TestProfile(QueuePolicyTest.Policies.class)
class QueuePolicyTest {
    private static final String SOURCE =
            ServedModels.names().contains("mlp") ? "mlp" : ServedModels.names().get(0);

    public static class Policies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TempRepository repository = TempRepository.create();
            model(repository, "queue4", "dynamic_batching { default_queue_policy { max_queue_size: 4 } }");
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

        private static void model(TempRepository repository, String name, String scheduling) {
            String config = TempRepository.committedConfig(SOURCE, name)
                    .replaceAll("(?s)dynamic_batching \\{.*}\\s*$", scheduling + "\n");
            repository.config(name, config).version(name, 1, SOURCE);
        }
    }

    private record Answer(int status, String retryAfter, String body) {}

    @Inject
    ModelRegistry registry;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aFullQueueRefusesTheRestAtOnceWith503AndRetryAfter() throws Exception {
        List<Future<Answer>> answers;
        ExecutorService clients = Executors.newFixedThreadPool(32);
        registry.hold("queue4");
        try {
            answers = send(clients, "queue4", 32, Map.of());
            Metrics.await(v -> v == 28, "inference_rejections_total", Metrics.model("queue4"), "reason=\"queue_full\"");
            assertEquals(4, Metrics.value("inference_queue_pending", Metrics.model("queue4")));
            assertEquals(4, Metrics.value("nv_inference_pending_request_count", Metrics.model("queue4")));
        } finally {
            registry.release("queue4");
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
        assertEquals(4, ok);
        assertEquals(28, Metrics.value("nv_inference_request_failure", Metrics.model("queue4"), "reason=\"REJECTED\""));
        assertEquals(4, Metrics.value("nv_inference_request_success", Metrics.model("queue4")));
    }

    @Test
    void aQueueThatReachesAPreferredBatchSizeRunsItAtOnce() throws Exception {
        List<Future<Answer>> answers;
        ExecutorService clients = Executors.newFixedThreadPool(16);
        registry.hold("preferred4");
        try {
            answers = send(clients, "preferred4", 16, Map.of());
            Metrics.await(v -> v == 16, "inference_queue_pending", Metrics.model("preferred4"));
        } finally {
            registry.release("preferred4");
            clients.shutdown();
        }
        for (Future<Answer> answer : answers) {
            assertEquals(200, answer.get().status());
        }
        // With a 10 s delay and a limit of 64, only the preferred size stops a batch growing.
        assertEquals(4, Metrics.value("inference_batch_size_max", Metrics.model("preferred4")));
        assertEquals(4, Metrics.value("inference_batch_size_count", Metrics.model("preferred4")));
    }

    @Test
    void aModelWithoutDynamicBatchingRunsEachRequestOnItsOwn() throws Exception {
        List<Future<Answer>> answers;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        registry.hold("unbatched");
        try {
            answers = send(clients, "unbatched", 8, Map.of());
            Metrics.await(v -> v == 8, "inference_queue_pending", Metrics.model("unbatched"));
        } finally {
            registry.release("unbatched");
            clients.shutdown();
        }
        for (Future<Answer> answer : answers) {
            assertEquals(200, answer.get().status());
        }
        assertEquals(1, Metrics.value("inference_batch_size_max", Metrics.model("unbatched")));
        assertEquals(8, Metrics.value("inference_batch_size_count", Metrics.model("unbatched")));
    }

    /** The workers are held throughout: the timeout rejects the request without waiting for one to come free. */
    @Test
    void aRequestPastItsTimeoutIsRejectedAtOnceAndNeverComputed() throws Exception {
        Answer answer;
        ExecutorService clients = Executors.newSingleThreadExecutor();
        registry.hold("timeouts");
        try {
            answer =
                    send(clients, "timeouts", 1, Map.of("timeout", 1000)).get(0).get();
            assertEquals(0, Metrics.value("inference_queue_pending", Metrics.model("timeouts")));
        } finally {
            registry.release("timeouts");
            clients.shutdown();
        }
        assertEquals(503, answer.status(), answer.body());
        assertEquals("1", answer.retryAfter());
        assertTrue(answer.body().contains("past its timeout of 1000 microseconds"), answer.body());
        assertEquals(1, Metrics.value("inference_rejections_total", Metrics.model("timeouts"), "reason=\"timeout\""));
        assertEquals(0, Metrics.value("inference_rows_total", Metrics.model("timeouts")));
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
        registry.hold("cancel");
        try {
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
            registry.release("cancel");
        }
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .post("/v2/models/cancel/infer")
                .then()
                .statusCode(200);
        assertEquals(1, Metrics.value("inference_rows_total", Metrics.model("cancel")));
    }

    @Test
    void aGrpcCallCancelledOrPastItsDeadlineWhileQueuedIsDroppedBeforeCompute() throws Exception {
        String model = "cancelgrpc";
        try (Grpc grpc = new Grpc()) {
            registry.hold(model);
            try {
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
                registry.release(model);
            }
            grpc.stub().modelInfer(Grpc.request(model, true, 0).build());
        }
        assertEquals(1, Metrics.value("inference_rows_total", Metrics.model(model)));
    }

    @Test
    void modelControlIsOffByDefault() {
        given().post("/v2/repository/models/queue4/load")
                .then()
                .statusCode(400)
                .body("error", containsString("inference.model-control-mode=explicit"));
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
