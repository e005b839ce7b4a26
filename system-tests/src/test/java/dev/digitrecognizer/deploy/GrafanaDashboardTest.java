package dev.digitrecognizer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.deploy.support.Dashboard;
import dev.digitrecognizer.deploy.support.PromQl;
import dev.digitrecognizer.deploy.support.Repo;
import dev.digitrecognizer.deploy.support.Yaml;
import dev.digitrecognizer.system.Api;
import dev.digitrecognizer.system.RunningSystem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** deploy/grafana/dashboards/digit-recognizer.json queries only metrics the services expose. */
@ExtendWith(RunningSystem.class)
class GrafanaDashboardTest {

    /**
     * Every metric name both running services expose, after traffic that creates the labelled
     * series: a comparison, a refused request, and feedback on the comparison (the feedback counters).
     */
    static Set<String> exposedMetrics() {
        RunningSystem.Instance system = RunningSystem.get();
        Api.Reply compared = Api.post(system.url() + "/api/v1/compare", Map.of("image", Api.canvas(0)));
        Api.post(system.url() + "/api/v1/predict", Map.of("image", "not an image"));
        Api.Reply feedback = Api.post(
                system.url() + "/api/v1/feedback",
                Map.of(
                        "id",
                        compared.body().path("id").asText(),
                        "label",
                        Api.mnist().labels()[0]));
        assertEquals(
                201,
                feedback.status(),
                () -> "feedback on a comparison: " + feedback.raw().body());
        Set<String> metrics = new TreeSet<>();
        for (String url : List.of(system.url() + "/q/metrics", system.inferenceUrl() + "/q/metrics")) {
            for (String line : Api.get(url).raw().body().split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    metrics.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        return metrics;
    }

    @Test
    void theMetricNameExtractorSkipsFunctionsLabelsRangesAndVariables() {
        assertEquals(
                Set.of("gateway_inference_seconds_bucket"),
                PromQl.metricNames(
                        "histogram_quantile(0.95, sum by (le, model) (rate(gateway_inference_seconds_bucket{model=~\"$model\", le!=\"+Inf\"}[$__rate_interval])))"));
        assertEquals(
                Set.of("a_sum", "a_count"),
                PromQl.metricNames(
                        "sum by (model) (rate(a_sum[5m])) / on (model) group_left sum by (model) (rate(a_count[5m] offset 1h)) > bool 0.5"));
        assertEquals(
                Set.of("gateway_predictions_total"),
                PromQl.metricNames("label_values(gateway_predictions_total, model)"));
        assertEquals(
                Set.of("jvm_memory_used_bytes"), PromQl.metricNames("sum without (id) (jvm_memory_used_bytes) * 1e-6"));
    }

    @Test
    void everyExpressionNamesAMetricTheRunningServicesExpose() throws IOException {
        Set<String> exposed = exposedMetrics();
        Map<String, Set<String>> unknown = new TreeMap<>();
        List<String> expressions = Dashboard.expressions();
        assertTrue(expressions.size() >= 10, "expected the dashboard's queries, found " + expressions.size());
        for (String expression : expressions) {
            Set<String> names = PromQl.metricNames(expression);
            if (names.isEmpty()) {
                unknown.put(expression, Set.of("<no metric at all>"));
            }
            names.removeAll(exposed);
            if (!names.isEmpty()) {
                unknown.put(expression, names);
            }
        }
        assertEquals(Map.of(), unknown, "metrics the services do not expose");
    }

    @Test
    void theDashboardCoversTrafficErrorsLatencyPredictionsBatchingMemoryAndFeedback() {
        Set<String> used = new HashSet<>();
        Dashboard.expressions().forEach(e -> used.addAll(PromQl.metricNames(e)));
        List<String> required = List.of(
                "http_server_requests_seconds_count",
                "gateway_errors_total",
                "gateway_inference_seconds_bucket",
                "inference_request_seconds_bucket",
                "gateway_predictions_total",
                "inference_batch_size_sum",
                "inference_batch_size_count",
                "inference_batch_size_bucket",
                "jvm_memory_used_bytes",
                "gateway_feedback_total",
                "gateway_feedback_confusion_total");
        List<String> missing = required.stream().filter(r -> !used.contains(r)).toList();
        assertEquals(List.of(), missing);
    }

    @Test
    void latencyQuantilesArePerModel() {
        List<String> notPerModel = new ArrayList<>();
        for (String expression : Dashboard.expressions()) {
            if (expression.contains("histogram_quantile")
                    && expression.matches(
                            "(?s).*(gateway_inference|inference_request|inference_queue|inference_compute|inference_batch_size)_\\w*bucket.*")
                    && !expression.matches("(?s).*by \\(le, model\\).*")) {
                notPerModel.add(expression);
            }
        }
        assertEquals(List.of(), notPerModel);
    }

    @Test
    void everyPanelQueriesThroughTheDatasourceVariable() {
        JsonNode dashboard = Dashboard.json();
        List<String> wrong = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            if (!"${datasource}".equals(panel.at("/datasource/uid").asText())) {
                wrong.add(panel.path("title").asText());
            }
            if (panel.path("targets").isEmpty()) {
                wrong.add(panel.path("title").asText() + " (no targets)");
            }
        }
        assertEquals(List.of(), wrong);
        JsonNode variable = dashboard.at("/templating/list/0");
        assertEquals("datasource", variable.path("name").asText());
        assertEquals("prometheus", variable.path("query").asText());
    }

    @Test
    void theDefaultDatasourceIsTheProvisionedOne() {
        String provisioned = Yaml.document(Repo.read("deploy/grafana/provisioning/datasources/prometheus.yml"))
                .at("/datasources/0/uid")
                .asText();
        assertEquals(
                provisioned,
                Dashboard.json().at("/templating/list/0/current/value").asText());
    }

    @Test
    void panelIdsAreUnique() {
        List<Integer> ids = new ArrayList<>();
        Dashboard.json().path("panels").forEach(p -> ids.add(p.path("id").asInt()));
        assertEquals(ids.size(), new HashSet<>(ids).size(), "duplicate panel ids: " + ids);
        assertFalse(Dashboard.json().path("uid").asText().isBlank(), "dashboard uid");
    }
}
