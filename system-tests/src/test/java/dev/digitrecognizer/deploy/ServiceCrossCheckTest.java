package dev.digitrecognizer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.deploy.support.Compose;
import dev.digitrecognizer.deploy.support.Kustomize;
import dev.digitrecognizer.deploy.support.Manifests;
import dev.digitrecognizer.deploy.support.Repo;
import dev.digitrecognizer.deploy.support.Services;
import dev.digitrecognizer.deploy.support.Yaml;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment files against the services' own sources: the ports, probe and metrics paths and
 * environment keys in k8s/, docker-compose.yml, deploy/ and the Dockerfiles must be what the
 * services serve and read. These fail until inference-service/ and gateway-service/ exist.
 */
class ServiceCrossCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"inference", "gateway"})
    void kubernetesSendsTrafficToThePortTheServiceListensOn(String service) {
        int port = Services.of(service).httpPort();
        List<String> problems = new ArrayList<>();
        for (String overlay : Kustomize.overlays()) {
            Manifests manifests = Kustomize.build(overlay);
            JsonNode container = manifests.container(service);
            int containerPort = container.at("/ports/0/containerPort").asInt();
            if (containerPort != port) {
                problems.add(overlay + ": containerPort " + containerPort);
            }
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                int probePort = Manifests.resolvePort(container.at("/" + probe + "/httpGet/port"), container);
                if (probePort != port) {
                    problems.add(overlay + ": " + probe + " port " + probePort);
                }
            }
            String annotated = manifests
                    .get("Deployment", service)
                    .at("/spec/template/metadata/annotations/prometheus.io~1port")
                    .asText();
            if (!String.valueOf(port).equals(annotated)) {
                problems.add(overlay + ": prometheus.io/port " + annotated);
            }
            for (JsonNode policy : manifests.ofKind("NetworkPolicy")) {
                if (Manifests.selects(
                        policy.at("/spec/podSelector"),
                        manifests.get("Deployment", service).at("/spec/template/metadata/labels"))) {
                    for (JsonNode rule : policy.at("/spec/ingress")) {
                        for (JsonNode p : rule.path("ports")) {
                            if (p.path("port").asInt() != port) {
                                problems.add(overlay + ": NetworkPolicy " + Manifests.name(policy) + " opens "
                                        + p.path("port"));
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems, service + " listens on " + port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "gateway"})
    void composeAndPrometheusUseThePortTheServiceListensOn(String service) {
        int port = Services.of(service).httpPort();
        JsonNode compose = Compose.service(service);
        assertEquals(port, Compose.healthcheckUrl(compose).getPort(), "docker-compose.yml healthcheck of " + service);
        List<String> exposed = Manifests.texts(compose.path("expose"));
        assertEquals(List.of(String.valueOf(port)), exposed, "docker-compose.yml expose of " + service);

        JsonNode prometheus = Yaml.document(Repo.read("deploy/prometheus/prometheus.yml"));
        List<String> targets = new ArrayList<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            if (service.equals(job.path("job_name").asText())) {
                job.at("/static_configs/0/targets").forEach(t -> targets.add(t.asText()));
            }
        }
        assertEquals(
                List.of(service + ":" + port), targets, "deploy/prometheus/prometheus.yml targets of job " + service);
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "gateway"})
    void theImageExposesThePortTheServiceListensOn(String service) {
        int port = Services.of(service).httpPort();
        String dockerfile = Repo.read(service + "-service/src/main/docker/Dockerfile.jvm");
        assertTrue(dockerfile.contains("\nEXPOSE " + port + "\n"), service + " Dockerfile.jvm should EXPOSE " + port);
        assertTrue(
                dockerfile.contains("http://localhost:" + port + "/q/health/ready"),
                service + " Dockerfile.jvm HEALTHCHECK port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "gateway"})
    void callersUseThePortTheServiceListensOn(String service) {
        int port = Services.of(service).httpPort();
        List<URI> urls = new ArrayList<>();
        String variable = service.equals("inference") ? "QUARKUS_REST_CLIENT_INFERENCE_URL" : "GATEWAY_URL";
        String caller = service.equals("inference") ? "gateway" : "frontend";
        urls.add(URI.create(Compose.environment(Compose.service(caller)).get(variable)));
        for (String overlay : Kustomize.overlays()) {
            urls.add(URI.create(Manifests.env(Kustomize.build(overlay).container(caller), variable)
                    .orElseThrow(() -> new AssertionError(overlay + ": " + caller + " has no " + variable))
                    .path("value")
                    .asText()));
        }
        for (URI url : urls) {
            assertEquals(service, url.getHost(), variable + "=" + url);
            assertEquals(port, url.getPort(), variable + "=" + url);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "gateway"})
    void theServiceShipsTheHealthAndMetricsEndpointsTheProbesAndScrapersCall(String service) {
        String pom = Services.of(service).pom();
        assertTrue(
                pom.contains("<artifactId>quarkus-smallrye-health</artifactId>"),
                service + "-service/pom.xml lacks quarkus-smallrye-health: /q/health/* would not exist");
        assertTrue(
                pom.contains("<artifactId>quarkus-micrometer-registry-prometheus</artifactId>"),
                service + "-service/pom.xml lacks quarkus-micrometer-registry-prometheus: /q/metrics would not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "gateway"})
    void theServiceKeepsHealthAndMetricsAtTheirDefaultPaths(String service) {
        Properties properties = Services.of(service).properties();
        Map<String, String> defaults = Map.of(
                "quarkus.http.root-path", "/",
                "quarkus.http.non-application-root-path", "q",
                "quarkus.smallrye-health.root-path", "health",
                "quarkus.smallrye-health.liveness-path", "live",
                "quarkus.smallrye-health.readiness-path", "ready",
                "quarkus.smallrye-health.startup-path", "started",
                "quarkus.micrometer.export.prometheus.path", "metrics");
        Map<String, String> moved = new TreeMap<>();
        defaults.forEach((key, value) -> {
            String actual = properties.getProperty(key);
            if (actual != null && !actual.trim().replaceAll("^/+|/+$", "").equals(value.replaceAll("^/+|/+$", ""))) {
                moved.put(key, actual);
            }
        });
        assertEquals(Map.of(), moved, service + " moves endpoints that k8s/, docker-compose.yml and Prometheus call");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "gateway"})
    void everyEnvironmentVariableGivenToTheServiceIsReadByIt(String service) {
        Map<String, String> given = new TreeMap<>();
        Compose.environment(Compose.service(service)).keySet().forEach(k -> given.put(k, "docker-compose.yml"));
        for (String overlay : Kustomize.overlays()) {
            for (JsonNode env : Kustomize.build(overlay).container(service).path("env")) {
                given.merge(env.path("name").asText(), "k8s/overlays/" + overlay, (a, b) -> a + ", " + b);
            }
        }
        assertTrue(given.size() > 0, "no environment at all for " + service);
        Services truth = Services.of(service);
        Map<String, String> unread = new TreeMap<>();
        given.forEach((name, where) -> {
            if (!truth.reads(name)) {
                unread.put(name, where);
            }
        });
        assertEquals(
                Map.of(),
                unread,
                service + " does not read these variables (config prefixes " + truth.mappingPrefixes() + ", segments "
                        + truth.mappingSegments() + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "gateway"})
    void theImageSetsOnlyVariablesTheServiceReads(String service) {
        String dockerfile = Repo.read(service + "-service/src/main/docker/Dockerfile.jvm");
        Matcher env = Pattern.compile("(?m)^\\s*(?:ENV\\s+)?([A-Z][A-Z0-9_]*)=").matcher(dockerfile);
        Services truth = Services.of(service);
        List<String> unread = new ArrayList<>();
        while (env.find()) {
            String name = env.group(1);
            // JAVA_OPTS and LANGUAGE are read by the entrypoint and the JVM, not by Quarkus
            if (!List.of("JAVA_OPTS", "LANGUAGE").contains(name) && !truth.reads(name)) {
                unread.add(name);
            }
        }
        assertEquals(List.of(), unread, service + " Dockerfile.jvm");
    }

    @org.junit.jupiter.api.Test
    void theGatewaysRestClientIsConfiguredUnderTheKeyTheDeploymentsSet() {
        // QUARKUS_REST_CLIENT_INFERENCE_URL is quarkus.rest-client.inference.url: the client's configKey must be
        // "inference"
        Services gateway = Services.of("gateway");
        boolean declared =
                gateway.mainSources().stream().anyMatch(s -> s.matches("(?s).*configKey\\s*=\\s*\"inference\".*"))
                        || gateway.properties().stringPropertyNames().stream()
                                .anyMatch(k -> k.startsWith("quarkus.rest-client.inference."));
        assertTrue(declared, "gateway-service has no REST client with configKey \"inference\"");
    }

    @org.junit.jupiter.api.Test
    void theGatewayDoesNotServeTheFrontendInContainers() {
        List<String> setting = new ArrayList<>();
        if (Compose.environment(Compose.service("gateway")).containsKey("GATEWAY_FRONTEND_DIR")) {
            setting.add("docker-compose.yml");
        }
        for (String overlay : Kustomize.overlays()) {
            if (Manifests.env(Kustomize.build(overlay).container("gateway"), "GATEWAY_FRONTEND_DIR")
                    .isPresent()) {
                setting.add("k8s/overlays/" + overlay);
            }
        }
        assertEquals(List.of(), setting, "GATEWAY_FRONTEND_DIR must stay unset: nginx serves the page");
    }

    @org.junit.jupiter.api.Test
    void nginxAndTheIngressAcceptEveryBodyTheGatewayAccepts() {
        // GatewayConfig.maxBodyBytes(): an image of max-image-bytes as base64 in a JSON body
        String sources = String.join("\n", Services.of("gateway").mainSources());
        assertTrue(
                sources.contains("maxImageBytes() * 4 / 3 + 64 * 1024"),
                "GatewayConfig.maxBodyBytes() is no longer maxImageBytes * 4/3 + 64 KiB: update this test and client_max_body_size");
        List<Long> maxImageBytes = new ArrayList<>();
        maxImageBytes.add(
                Long.parseLong(Compose.environment(Compose.service("gateway")).get("GATEWAY_MAX_IMAGE_BYTES")));
        for (String overlay : Kustomize.overlays()) {
            maxImageBytes.add(Long.parseLong(
                    Manifests.env(Kustomize.build(overlay).container("gateway"), "GATEWAY_MAX_IMAGE_BYTES")
                            .orElseThrow()
                            .path("value")
                            .asText()));
        }
        for (long imageBytes : maxImageBytes) {
            long gatewayBody = imageBytes * 4 / 3 + 64 * 1024;
            assertTrue(
                    NginxConfigTest.bodyLimitBytes() >= gatewayBody,
                    "client_max_body_size " + NginxConfigTest.bodyLimit() + " < the gateway's " + gatewayBody
                            + " bytes");
        }
    }
}
