package dev.digitrecognizer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.deploy.support.Kustomize;
import dev.digitrecognizer.deploy.support.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ServiceMonitor is a Prometheus Operator CRD. Its fields are checked here by hand, whether or not
 * the schema validator happens to know it: it must select exactly the two Quarkus services and
 * scrape /q/metrics on a port those Services have.
 */
class ServiceMonitorTest {

    static Stream<String> overlaysWithServiceMonitor() {
        return Kustomize.overlays().stream()
                .filter(o -> !Kustomize.build(o).ofKind("ServiceMonitor").isEmpty());
    }

    @ParameterizedTest
    @MethodSource("overlaysWithServiceMonitor")
    void selectsExactlyTheInferenceAndGatewayServices(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        for (JsonNode monitor : manifests.ofKind("ServiceMonitor")) {
            assertEquals("monitoring.coreos.com/v1", monitor.path("apiVersion").asText());
            List<String> selected = manifests.ofKind("Service").stream()
                    .filter(s -> Manifests.selects(monitor.at("/spec/selector"), s.at("/metadata/labels")))
                    .map(Manifests::name)
                    .sorted()
                    .toList();
            assertEquals(List.of("gateway", "inference"), selected, overlay + " " + Manifests.name(monitor));
        }
    }

    @ParameterizedTest
    @MethodSource("overlaysWithServiceMonitor")
    void scrapesQuarkusMetricsOnANamedServicePort(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        for (JsonNode monitor : manifests.ofKind("ServiceMonitor")) {
            JsonNode endpoints = monitor.at("/spec/endpoints");
            assertFalse(endpoints.isEmpty(), "no endpoints");
            for (JsonNode endpoint : endpoints) {
                assertEquals("/q/metrics", endpoint.path("path").asText(), overlay + ": endpoint path");
                String port = endpoint.path("port").asText();
                List<String> missing = new ArrayList<>();
                for (JsonNode service : manifests.ofKind("Service")) {
                    if (!Manifests.selects(monitor.at("/spec/selector"), service.at("/metadata/labels"))) {
                        continue;
                    }
                    boolean has = false;
                    for (JsonNode p : service.at("/spec/ports")) {
                        has |= port.equals(p.path("name").asText());
                    }
                    if (!has) {
                        missing.add(Manifests.name(service));
                    }
                }
                assertEquals(List.of(), missing, overlay + ": Services without a port named '" + port + "'");
                assertTrue(endpoint.path("targetPort").isMissingNode(), "use the named Service port, not targetPort");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlaysWithServiceMonitor")
    void usesOnlyKnownEndpointFields(String overlay) {
        List<String> known = List.of(
                "port",
                "path",
                "interval",
                "scrapeTimeout",
                "scheme",
                "honorLabels",
                "relabelings",
                "metricRelabelings");
        for (JsonNode monitor : Kustomize.build(overlay).ofKind("ServiceMonitor")) {
            List<String> unknown = new ArrayList<>();
            monitor.at("/spec").fieldNames().forEachRemaining(f -> {
                if (!List.of("selector", "endpoints", "namespaceSelector", "jobLabel")
                        .contains(f)) {
                    unknown.add("spec." + f);
                }
            });
            for (JsonNode endpoint : monitor.at("/spec/endpoints")) {
                endpoint.fieldNames().forEachRemaining(f -> {
                    if (!known.contains(f)) {
                        unknown.add("endpoints[]." + f);
                    }
                });
            }
            assertEquals(List.of(), unknown, overlay + ": fields this test does not know");
        }
    }
}
