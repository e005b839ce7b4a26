package dev.digitrecognizer.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.deploy.support.Nginx;
import dev.digitrecognizer.deploy.support.Processes;
import dev.digitrecognizer.deploy.support.PromQl;
import dev.digitrecognizer.deploy.support.Repo;
import dev.digitrecognizer.deploy.support.Yaml;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.mnist.ModelContract;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus with the repository's scrape config and alert rules scrapes both running
 * services; only the target addresses (compose service names there) and the intervals are changed
 * for the test, and the rules are copied beside the config, as compose mounts them.
 */
@ExtendWith(RunningSystem.class)
class PrometheusScrapeTest {
    @TempDir
    static Path dir;

    private static final String ALERTS = "deploy/prometheus/alerts.yml";

    private static Process prometheus;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        if (!Processes.onPath("prometheus")) {
            throw new AssertionError("prometheus is not installed; on Debian: apt-get install -y prometheus");
        }
        RunningSystem.Instance system = RunningSystem.get();
        String config = Repo.read("deploy/prometheus/prometheus.yml")
                .replace("gateway:8080", "localhost:" + system.port())
                .replace("inference:8081", "localhost:" + system.backendPort())
                .replace("scrape_interval: 15s", "scrape_interval: 1s")
                .replace("evaluation_interval: 15s", "evaluation_interval: 1s");
        assertTrue(config.contains("localhost:" + system.port()), "the config scrapes the gateway target");
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        Files.copy(Repo.path(ALERTS), dir.resolve("alerts.yml"));
        port = Nginx.freePort();
        prometheus = new ProcessBuilder(List.of(
                        Processes.resolve("prometheus"),
                        "--config.file=" + file,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        awaitTargetsUp();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        prometheus.destroy();
        prometheus.waitFor();
    }

    private static JsonNode api(String path) {
        Api.Reply reply = Api.get("http://127.0.0.1:" + port + path);
        assertEquals(200, reply.status(), () -> reply.raw().body());
        return reply.body().get("data");
    }

    private static void awaitTargetsUp() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (RunningSystem.status("http://127.0.0.1:" + port + "/-/ready") == 200) {
                long up = 0;
                for (JsonNode target : api("/api/v1/targets").get("activeTargets")) {
                    if (target.get("health").asText().equals("up")
                            && List.of("gateway", "inference")
                                    .contains(target.get("labels").get("job").asText())) {
                        up++;
                    }
                }
                if (up == 2) {
                    return;
                }
            }
            RunningSystem.sleep(250);
        }
        throw new AssertionError(
                "Prometheus did not scrape both services:\n" + Files.readString(dir.resolve("prometheus.log")));
    }

    /** The sum of a query's values, 0 when it has no series yet. */
    private static double query(String promql) {
        double sum = 0;
        for (JsonNode series : api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .get("result")) {
            sum += series.get("value").get(1).asDouble();
        }
        return sum;
    }

    @Test
    void thePredictionCounterIncreasesAfterARequest() {
        String counter = "gateway_predictions_total{job=\"gateway\",model=\"cnn\"}";
        double before = query(counter);
        Api.Reply reply = Api.post(RunningSystem.get().url() + "/api/v1/predict", Map.of("image", Api.canvas(2)));
        assertEquals(200, reply.status());

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double after = before;
        while (after < before + 1 && System.nanoTime() < deadline) {
            RunningSystem.sleep(500);
            after = query(counter);
        }
        assertEquals(before + 1, after, 0.0, "gateway_predictions_total went from " + before + " to " + after);
    }

    @Test
    void scrapesTheInferenceServicesModelMetrics() {
        Api.post(
                RunningSystem.get().inferenceUrl() + "/v2/models/scratch/infer",
                Map.of(
                        "inputs",
                        List.of(Map.of(
                                "name",
                                ModelContract.INPUT,
                                "shape",
                                List.of(1, ModelContract.PIXELS),
                                "datatype",
                                ModelContract.DATATYPE,
                                "data",
                                new float[ModelContract.PIXELS]))));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (query("inference_rows_total{job=\"inference\",model=\"scratch\"}") < 1 && System.nanoTime() < deadline) {
            RunningSystem.sleep(500);
        }
        assertTrue(query("inference_rows_total{job=\"inference\",model=\"scratch\"}") >= 1);
        assertEquals(
                ServedModels.names().size(),
                api("/api/v1/query?query=inference_model_load_seconds")
                        .get("result")
                        .size(),
                "one load time per model");
    }

    /** Triton's names, as Triton's dashboards and alerts query them: no _total suffix, labels model and version. */
    @Test
    void scrapesTheTritonMetricsUnderTritonsNames() {
        scrapesTheInferenceServicesModelMetrics();
        String labels = "{job=\"inference\",model=\"scratch\",version=\"1\"}";
        for (String metric : List.of("nv_inference_request_success", "nv_inference_count", "nv_inference_exec_count")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (query(metric + labels) < 1 && System.nanoTime() < deadline) {
                RunningSystem.sleep(500);
            }
            assertTrue(query(metric + labels) >= 1, metric + labels);
        }
        for (String metric : List.of(
                "nv_inference_request_duration_us",
                "nv_inference_queue_duration_us",
                "nv_inference_compute_infer_duration_us")) {
            assertEquals(
                    1,
                    api("/api/v1/query?query=" + URLEncoder.encode(metric + labels, StandardCharsets.UTF_8))
                            .get("result")
                            .size(),
                    metric + labels);
        }
        assertEquals(
                ServedModels.names().size(),
                api("/api/v1/query?query=nv_inference_pending_request_count")
                        .get("result")
                        .size(),
                "one pending-request gauge per model version");
    }

    private static List<String> alertNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode group : Yaml.document(Repo.read(ALERTS)).path("groups")) {
            group.path("rules").forEach(rule -> names.add(rule.path("alert").asText()));
        }
        return names;
    }

    /** The alert rules Prometheus loaded, as name -> health, once each has been evaluated. */
    private static Map<String, String> evaluatedRules() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, String> health = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            health.clear();
            for (JsonNode group : api("/api/v1/rules?type=alert").path("groups")) {
                group.path("rules")
                        .forEach(rule -> health.put(
                                rule.path("name").asText(), rule.path("health").asText()));
            }
            if (!health.isEmpty() && !health.containsValue("unknown")) {
                return health;
            }
            RunningSystem.sleep(250);
        }
        return health;
    }

    @Test
    void loadsTheAlertRulesAndEvaluatesEachWithoutError() {
        Map<String, String> health = evaluatedRules();
        assertEquals(new TreeSet<>(alertNames()), health.keySet(), "the alerts of " + ALERTS);
        Map<String, String> unhealthy = new TreeMap<>(health);
        unhealthy.values().removeIf("ok"::equals);
        assertEquals(Map.of(), unhealthy, "alert rules that failed to evaluate");
    }

    /**
     * Waits for every rule group to be evaluated once after {@code since}: an evaluation made
     * before the first scrape sees no series at all, and an alert on an absent one is pending until
     * the next.
     */
    private static void awaitEvaluationAfter(Instant since) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (JsonNode group : api("/api/v1/rules?type=alert").path("groups")) {
                String last = group.path("lastEvaluation").asText("");
                all &= !last.isEmpty()
                        && !OffsetDateTime.parse(last).toInstant().isBefore(since);
            }
            if (all) {
                return;
            }
            RunningSystem.sleep(250);
        }
        throw new AssertionError("Prometheus did not evaluate its rules within 20 s");
    }

    @Test
    void noAlertIsPendingWhileBothServicesAreHealthy() {
        evaluatedRules();
        // both targets were up before this test (awaitTargetsUp)
        awaitEvaluationAfter(Instant.now());
        List<String> active = new ArrayList<>();
        for (JsonNode alert : api("/api/v1/alerts").path("alerts")) {
            active.add(alert.path("state").asText() + " " + alert.path("labels"));
        }
        assertEquals(List.of(), active);
    }

    /** An alert on a metric that is never scraped would stay silent forever. */
    @Test
    void everyMetricTheAlertsQueryIsScraped() {
        Api.Reply reply = Api.post(RunningSystem.get().url() + "/api/v1/predict", Map.of("image", Api.canvas(3)));
        assertEquals(200, reply.status(), "a prediction creates the per-model gateway meters");
        Api.Reply feedback = Api.post(
                RunningSystem.get().url() + "/api/v1/feedback",
                Map.of(
                        "id",
                        reply.body().path("id").asText(),
                        "label",
                        Api.mnist().labels()[3]));
        assertEquals(
                201,
                feedback.status(),
                () -> "feedback creates the feedback counters: "
                        + feedback.raw().body());
        Set<String> queried = new TreeSet<>();
        for (JsonNode group : Yaml.document(Repo.read(ALERTS)).path("groups")) {
            group.path("rules")
                    .forEach(rule ->
                            queried.addAll(PromQl.metricNames(rule.path("expr").asText())));
        }
        assertTrue(queried.contains("up") && queried.size() > 5, "metrics found in the alerts: " + queried);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Set<String> missing = new TreeSet<>(queried);
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            RunningSystem.sleep(500);
            api("/api/v1/label/__name__/values").forEach(name -> missing.remove(name.asText()));
        }
        assertEquals(Set.of(), missing, "metrics the alerts query that Prometheus has not scraped");
    }
}
