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
import org.junit.jupiter.api.Test;
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
    void kubernetesSendsTrafficToThePortsTheServiceListensOn(String service) {
        int port = Services.of(service).httpPort();
        List<Integer> ports = Services.of(service).ports();
        List<String> problems = new ArrayList<>();
        for (String overlay : Kustomize.overlays()) {
            Manifests manifests = Kustomize.build(overlay);
            JsonNode container = manifests.container(service);
            List<Integer> containerPorts = new ArrayList<>();
            container
                    .path("ports")
                    .forEach(p -> containerPorts.add(p.path("containerPort").asInt()));
            if (!containerPorts.equals(ports)) {
                problems.add(overlay + ": containerPorts " + containerPorts);
            }
            List<Integer> servicePorts = new ArrayList<>();
            for (JsonNode p : manifests.get("Service", service).at("/spec/ports")) {
                servicePorts.add(Manifests.resolvePort(p.path("targetPort"), container));
            }
            if (!servicePorts.equals(ports)) {
                problems.add(overlay + ": Service target ports " + servicePorts);
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
                            if (!ports.contains(p.path("port").asInt())) {
                                problems.add(overlay + ": NetworkPolicy " + Manifests.name(policy) + " opens "
                                        + p.path("port"));
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems, service + " listens on " + ports);
    }

    /** The gRPC port serves the whole API, so only the gateway may reach it; Prometheus scrapes HTTP only. */
    @Test
    void onlyTheGatewayMayReachTheInferenceGrpcPort() {
        int grpc = Services.of("inference").grpcPort().orElseThrow();
        List<String> problems = new ArrayList<>();
        for (String overlay : Kustomize.overlays()) {
            Manifests manifests = Kustomize.build(overlay);
            JsonNode gateway = manifests.get("Deployment", "gateway").at("/spec/template/metadata/labels");
            boolean gatewayMay = false;
            for (JsonNode policy : manifests.ofKind("NetworkPolicy")) {
                if (!Manifests.selects(
                        policy.at("/spec/podSelector"),
                        manifests.get("Deployment", "inference").at("/spec/template/metadata/labels"))) {
                    continue;
                }
                for (JsonNode rule : policy.at("/spec/ingress")) {
                    boolean opensGrpc = false;
                    for (JsonNode p : rule.path("ports")) {
                        opensGrpc |= p.path("port").asInt() == grpc;
                    }
                    if (!opensGrpc) {
                        continue;
                    }
                    for (JsonNode from : rule.path("from")) {
                        boolean onlyGateway = from.path("namespaceSelector").isMissingNode()
                                && Manifests.selects(from.path("podSelector"), gateway)
                                && from.path("podSelector").path("matchLabels").size() == 1;
                        if (onlyGateway) {
                            gatewayMay = true;
                        } else {
                            problems.add(overlay + ": " + Manifests.name(policy) + " opens " + grpc + " to " + from);
                        }
                    }
                }
            }
            if (!gatewayMay) {
                problems.add(overlay + ": the gateway may not reach " + grpc);
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "gateway"})
    void composeAndPrometheusUseThePortTheServiceListensOn(String service) {
        int port = Services.of(service).httpPort();
        JsonNode compose = Compose.service(service);
        assertEquals(port, Compose.healthcheckUrl(compose).getPort(), "docker-compose.yml healthcheck of " + service);
        List<String> exposed = Manifests.texts(compose.path("expose"));
        assertEquals(
                Services.of(service).ports().stream().map(String::valueOf).toList(),
                exposed,
                "docker-compose.yml expose of " + service);

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
        String ports = String.join(
                " ", Services.of(service).ports().stream().map(String::valueOf).toList());
        String dockerfile = Repo.read(service + "-service/src/main/docker/Dockerfile.jvm");
        assertTrue(dockerfile.contains("\nEXPOSE " + ports + "\n"), service + " Dockerfile.jvm should EXPOSE " + ports);
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

    /** The gateway's gRPC client, in compose, points at inference's gRPC port. */
    @Test
    void theGatewayGrpcClientUsesTheInferenceGrpcPortInCompose() {
        String grpc = String.valueOf(Services.of("inference").grpcPort().orElseThrow());
        Map<String, String> compose = Compose.environment(Compose.service("gateway"));
        assertEquals("inference", compose.get("QUARKUS_GRPC_CLIENTS_INFERENCE_HOST"));
        assertEquals(grpc, compose.get("QUARKUS_GRPC_CLIENTS_INFERENCE_PORT"));
    }

    /**
     * In every overlay, the gateway's gRPC client names a headless Service of the inference pods'
     * gRPC port: its name resolves to every ready pod, which the client's round_robin spreads calls
     * over. A ClusterIP Service would pin each multiplexed connection, and all its calls, to one pod.
     */
    @Test
    void theGatewayGrpcClientResolvesEveryInferencePodThroughAHeadlessService() {
        int grpc = Services.of("inference").grpcPort().orElseThrow();
        List<String> problems = new ArrayList<>();
        for (String overlay : Kustomize.overlays()) {
            Manifests manifests = Kustomize.build(overlay);
            JsonNode gateway = manifests.container("gateway");
            String host = Manifests.env(gateway, "QUARKUS_GRPC_CLIENTS_INFERENCE_HOST")
                    .orElseThrow(
                            () -> new AssertionError(overlay + ": gateway has no QUARKUS_GRPC_CLIENTS_INFERENCE_HOST"))
                    .path("value")
                    .asText();
            int port = Manifests.env(gateway, "QUARKUS_GRPC_CLIENTS_INFERENCE_PORT")
                    .orElseThrow(
                            () -> new AssertionError(overlay + ": gateway has no QUARKUS_GRPC_CLIENTS_INFERENCE_PORT"))
                    .path("value")
                    .asInt();
            JsonNode service = manifests.find("Service", host).orElse(null);
            if (service == null) {
                problems.add(overlay + ": the gRPC host " + host + " is no Service");
                continue;
            }
            if (!"None".equals(service.at("/spec/clusterIP").asText())) {
                problems.add(overlay + ": Service " + host + " is not headless (clusterIP: None)");
            }
            if (!Manifests.selectsMap(
                    service.at("/spec/selector"),
                    manifests.get("Deployment", "inference").at("/spec/template/metadata/labels"))) {
                problems.add(overlay + ": Service " + host + " does not select the inference pods");
            }
            boolean servesGrpc = false;
            JsonNode inference = manifests.container("inference");
            for (JsonNode p : service.at("/spec/ports")) {
                // headless: the client connects to each pod's address on the Service port itself
                servesGrpc |= p.path("port").asInt() == port
                        && port == grpc
                        && Manifests.resolvePort(
                                        p.path("targetPort").isMissingNode() ? p.path("port") : p.path("targetPort"),
                                        inference)
                                == grpc;
            }
            if (!servesGrpc) {
                problems.add(
                        overlay + ": Service " + host + " has no port " + port + " onto inference's gRPC port " + grpc);
            }
        }
        assertEquals(List.of(), problems);
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

    @Test
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

    @Test
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

    @Test
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
