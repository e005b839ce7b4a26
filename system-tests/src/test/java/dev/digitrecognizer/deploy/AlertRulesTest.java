package dev.digitrecognizer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.deploy.support.Kustomize;
import dev.digitrecognizer.deploy.support.Manifests;
import dev.digitrecognizer.deploy.support.Processes;
import dev.digitrecognizer.deploy.support.Repo;
import dev.digitrecognizer.deploy.support.Yaml;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/alerts.yml is the one source of the alerts: valid and unit-tested by promtool,
 * loaded by the compose Prometheus, and the same groups in prod's PrometheusRule.
 */
class AlertRulesTest {

    private static final String RULES = "deploy/prometheus/alerts.yml";
    private static final String RULE_TESTS = "deploy/prometheus/alerts.test.yml";
    private static final String PROMETHEUS_CONFIG = "deploy/prometheus/prometheus.yml";
    private static final Set<String> SEVERITIES = Set.of("critical", "warning");

    /** Runs promtool from the repository root; fails the test with its output unless it succeeds. */
    private static String promtool(String... arguments) {
        if (!Processes.onPath("promtool")) {
            fail("promtool is not installed; on Debian it comes with Prometheus: apt-get install -y prometheus");
        }
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Processes.Result result = Processes.run(command, Map.of(), null, Duration.ofSeconds(120));
        if (result.exitCode() != 0) {
            fail(String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n" + result.stdout()
                    + result.stderr());
        }
        return result.stdout() + result.stderr();
    }

    private static JsonNode groups() {
        return Yaml.document(Repo.read(RULES)).path("groups");
    }

    private static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : groups()) {
            group.path("rules").forEach(alerts::add);
        }
        return alerts;
    }

    @Test
    void promtoolAcceptsTheRules() {
        promtool("check", "rules", RULES);
    }

    @Test
    void theRulesPassTheirUnitTests() {
        promtool("test", "rules", RULE_TESTS);
    }

    @Test
    void theComposePrometheusLoadsTheRulesFromBesideItsConfig() {
        assertEquals(
                List.of("alerts.yml"),
                Manifests.texts(Yaml.document(Repo.read(PROMETHEUS_CONFIG)).path("rule_files")),
                "compose mounts alerts.yml next to prometheus.yml in /etc/prometheus");
        String output = promtool("check", "config", PROMETHEUS_CONFIG);
        assertTrue(output.contains("Checking " + RULES), output);
    }

    @Test
    void everyAlertHasASeverityASummaryAndADescription() {
        List<String> incomplete = new ArrayList<>();
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText("<a recording rule>");
            if (!SEVERITIES.contains(alert.at("/labels/severity").asText())) {
                incomplete.add(name + ": severity must be one of " + SEVERITIES);
            }
            for (String annotation : List.of("summary", "description")) {
                if (alert.at("/annotations/" + annotation).asText().isBlank()) {
                    incomplete.add(name + ": no " + annotation);
                }
            }
        }
        assertEquals(List.of(), incomplete);
    }

    @Test
    void everyAlertIsUnitTestedBothFiringAndQuiet() {
        Map<String, Set<String>> seen = new TreeMap<>();
        for (JsonNode test : Yaml.document(Repo.read(RULE_TESTS)).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                seen.computeIfAbsent(check.path("alertname").asText(), a -> new TreeSet<>())
                        .add(check.path("exp_alerts").isEmpty() ? "quiet" : "firing");
            }
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            Set<String> cases = new TreeSet<>(Set.of("firing", "quiet"));
            cases.removeAll(seen.getOrDefault(name, Set.of()));
            if (!cases.isEmpty()) {
                missing.put(name, cases);
            }
        }
        assertEquals(Map.of(), missing, "alerts without a unit test that expects them firing, or quiet");
    }

    @Test
    void prodsPrometheusRuleHasExactlyTheGroupsOfAlertsYml() {
        List<JsonNode> rules = Kustomize.build("prod").ofKind("PrometheusRule");
        assertEquals(1, rules.size(), "prod renders one PrometheusRule (k8s/components/prometheusrule)");
        assertEquals(
                groups(),
                rules.get(0).at("/spec/groups"),
                "k8s/components/prometheusrule/prometheusrule.yaml must hold the groups of " + RULES
                        + "; regenerate it with the command in its header");
    }

    @Test
    void onlyProdNeedsThePrometheusRuleCrd() {
        assertEquals(
                List.of(),
                Kustomize.build("dev").ofKind("PrometheusRule"),
                "dev must apply on clusters without the CRD");
    }

    @Test
    void thePrometheusRuleIsSelectedLikeTheServiceMonitor() {
        Manifests prod = Kustomize.build("prod");
        JsonNode monitor = prod.ofKind("ServiceMonitor").get(0);
        JsonNode rule = prod.ofKind("PrometheusRule").get(0);
        assertEquals("monitoring.coreos.com/v1", rule.path("apiVersion").asText());
        assertEquals(
                monitor.at("/metadata/labels/release").asText(),
                rule.at("/metadata/labels/release").asText(),
                "kube-prometheus-stack selects both by the label release=<helm release>");
    }
}
