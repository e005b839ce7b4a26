package dev.digitrecognizer.inference;

import static dev.digitrecognizer.mnist.ModelContract.DATATYPE;
import static dev.digitrecognizer.mnist.ModelContract.INPUT;
import static dev.digitrecognizer.mnist.ModelContract.PIXELS;
import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.fixtures.LittleEndianFloats;
import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Triton's statistics extension and its nv_inference_* metrics count exactly the requests, rows
 * and ONNX Runtime runs sent, whichever way a request came in.
 */
@QuarkusTest
@ExtendWith(AwaitReady.class)
class StatisticsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MODELS = ServedModels.digitModels();
    /** The model whose counts the tests compare before and after; no other test class sends to it here. */
    private static final String MODEL = MODELS.get(MODELS.size() - 1);

    private static final String[] LABELS = {Metrics.model(MODEL), "version=\"1\""};

    /** The rows of each request sent: JSON and binary requests, one row and a full batch. */
    private static final List<Integer> ROWS = List.of(1, 1, 1, 4, 4, 64);

    private record Figures(
            long success,
            long inferences,
            long executions,
            long batchedRows,
            long batchRuns,
            long fails,
            long queueCount,
            long computeInferCount) {
        static Figures of(JsonPath stats) {
            List<Map<String, Object>> batches = stats.getList("model_stats[0].batch_stats");
            long batchedRows = 0;
            long batchRuns = 0;
            for (Map<String, Object> batch : batches) {
                long runs = count(batch, "compute_infer");
                batchRuns += runs;
                batchedRows += runs * ((Number) batch.get("batch_size")).longValue();
            }
            return new Figures(
                    stats.getLong("model_stats[0].inference_stats.success.count"),
                    stats.getLong("model_stats[0].inference_count"),
                    stats.getLong("model_stats[0].execution_count"),
                    batchedRows,
                    batchRuns,
                    stats.getLong("model_stats[0].inference_stats.fail.count"),
                    stats.getLong("model_stats[0].inference_stats.queue.count"),
                    stats.getLong("model_stats[0].inference_stats.compute_infer.count"));
        }

        @SuppressWarnings("unchecked")
        private static long count(Map<String, Object> batch, String step) {
            return ((Number) ((Map<String, Object>) batch.get(step)).get("count")).longValue();
        }
    }

    private static JsonPath stats(String path) {
        return when().get(path)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();
    }

    private static JsonPath modelStats() {
        return stats("/v2/models/" + MODEL + "/stats");
    }

    /** Sends each request of {@link #ROWS} in turn, every other one binary, and checks each answer. */
    private static void sendKnownRequests() throws Exception {
        for (int i = 0; i < ROWS.size(); i++) {
            int[] images = IntStream.range(0, ROWS.get(i)).toArray();
            RequestSpecification request =
                    i % 2 == 0 ? given().contentType(ContentType.JSON).body(Digits.request(images)) : binary(images);
            request.when().post("/v2/models/{name}/infer", MODEL).then().statusCode(200);
        }
    }

    private static RequestSpecification binary(int[] images) throws Exception {
        byte[] header = JSON.writeValueAsBytes(Map.of(
                "inputs",
                List.of(Map.of(
                        "name",
                        INPUT,
                        "shape",
                        List.of(images.length, PIXELS),
                        "datatype",
                        DATATYPE,
                        "parameters",
                        Map.of("binary_data_size", images.length * PIXELS * Float.BYTES)))));
        return given().contentType(ContentType.BINARY)
                .header("Inference-Header-Content-Length", header.length)
                .body(LittleEndianFloats.pack(header, Digits.rows(images)));
    }

    @Test
    void countsEveryRequestRowAndRunSent() throws Exception {
        Figures before = Figures.of(modelStats());
        double batchSizesBefore = Metrics.value("inference_batch_size_count", Metrics.model(MODEL));
        sendKnownRequests();
        Figures after = Figures.of(modelStats());
        long rows = ROWS.stream().mapToLong(Integer::longValue).sum();
        assertEquals(ROWS.size(), after.success() - before.success(), "requests that succeeded");
        assertEquals(rows, after.inferences() - before.inferences(), "inference_count: rows");
        assertEquals(0, after.fails() - before.fails(), "failed requests");
        assertEquals(ROWS.size(), after.queueCount() - before.queueCount(), "queue.count");
        assertEquals(ROWS.size(), after.computeInferCount() - before.computeInferCount(), "compute_infer.count");
        long runs = after.executions() - before.executions();
        assertEquals(
                runs,
                Metrics.value("inference_batch_size_count", Metrics.model(MODEL)) - batchSizesBefore,
                "execution_count against the runs inference_batch_size counted");
        assertEquals(runs, after.batchRuns() - before.batchRuns(), "runs in batch_stats");
        assertEquals(rows, after.batchedRows() - before.batchedRows(), "rows in batch_stats");
        assertTrue(runs >= 1 && runs <= ROWS.size(), "runs: " + runs);
    }

    @Test
    void theTritonMetricsCountWhatTheStatisticsCount() throws Exception {
        sendKnownRequests();
        JsonPath stats = modelStats();
        String inference = "model_stats[0].inference_stats.";
        assertEquals(stats.getLong(inference + "success.count"), Metrics.value("nv_inference_request_success", LABELS));
        assertEquals(stats.getLong("model_stats[0].inference_count"), Metrics.value("nv_inference_count", LABELS));
        assertEquals(stats.getLong("model_stats[0].execution_count"), Metrics.value("nv_inference_exec_count", LABELS));
        assertEquals(
                stats.getLong(inference + "success.ns") / 1000,
                Metrics.value("nv_inference_request_duration_us", LABELS));
        assertEquals(
                stats.getLong(inference + "queue.ns") / 1000, Metrics.value("nv_inference_queue_duration_us", LABELS));
        assertEquals(
                stats.getLong(inference + "compute_infer.ns") / 1000,
                Metrics.value("nv_inference_compute_infer_duration_us", LABELS));
        for (String reason : List.of("REJECTED", "CANCELED", "BACKEND", "OTHER")) {
            assertEquals(
                    0,
                    Metrics.value("nv_inference_request_failure", Metrics.model(MODEL), "reason=\"" + reason + "\""));
        }
        assertEquals(0, Metrics.value("nv_inference_pending_request_count", LABELS));
    }

    /** Triton's dashboards query these exact names: Micrometer's counters would add _total. */
    @Test
    void theTritonMetricsHaveTritonsNames() {
        String metrics = when().get("/q/metrics").then().extract().asString();
        for (String name : List.of(
                "nv_inference_request_success",
                "nv_inference_request_failure",
                "nv_inference_count",
                "nv_inference_exec_count",
                "nv_inference_request_duration_us",
                "nv_inference_queue_duration_us",
                "nv_inference_compute_input_duration_us",
                "nv_inference_compute_infer_duration_us",
                "nv_inference_compute_output_duration_us",
                "nv_inference_pending_request_count")) {
            assertTrue(metrics.contains("\n" + name + "{model=\"" + MODEL + "\","), name + " is not exposed");
            assertFalse(metrics.contains(name + "_total"), name + " has a _total suffix");
        }
    }

    @Test
    void theStatisticsOfEveryModelListEachServedVersion() {
        JsonPath stats = stats("/v2/models/stats");
        assertEquals(ServedModels.names(), stats.getList("model_stats.name"));
        assertEquals(Collections.nCopies(ServedModels.names().size(), "1"), stats.getList("model_stats.version"));
    }

    @Test
    void theStatisticsOfAVersionListOnlyIt() {
        when().get("/v2/models/{name}/versions/1/stats", MODEL)
                .then()
                .statusCode(200)
                .body("model_stats.name", contains(MODEL))
                .body("model_stats.version", contains("1"))
                .body(
                        "model_stats[0].inference_stats.keySet()",
                        containsInAnyOrder(
                                "success", "fail", "queue", "compute_input", "compute_infer", "compute_output"));
    }

    @Test
    void statisticsOfAnUnknownModelOrVersionAre404() {
        for (String path : List.of("/v2/models/nonexistent/stats", "/v2/models/" + MODEL + "/versions/9/stats")) {
            when().get(path)
                    .then()
                    .statusCode(404)
                    .contentType(ContentType.JSON)
                    .body("$", aMapWithSize(1))
                    .body(
                            "error",
                            equalTo(
                                    path.contains("nonexistent")
                                            ? "unknown model 'nonexistent'"
                                            : "model '" + MODEL + "' has no version '9'"));
        }
    }
}
