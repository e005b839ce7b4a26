package dev.digitrecognizer.deploy;

import static dev.digitrecognizer.deploy.support.Manifests.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.deploy.support.Kustomize;
import dev.digitrecognizer.deploy.support.Manifests;
import dev.digitrecognizer.deploy.support.Quantities;
import dev.digitrecognizer.deploy.support.Services;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The security and operability rules every overlay must keep. */
class HardeningTest {

    private static final java.util.regex.Pattern DRAIN_TIMEOUT_DEFAULT =
            java.util.regex.Pattern.compile("@WithDefault\\(\"([^\"]+)\"\\)\\s*Duration drainTimeout\\(\\)");

    static Stream<String> overlays() {
        return Kustomize.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerRunsAsNonRootOnAReadOnlyRootFilesystem(String overlay) {
        List<String> problems = new ArrayList<>();
        Kustomize.build(overlay).allContainers().forEach((id, container) -> {
            JsonNode sc = container.path("securityContext");
            if (!sc.path("runAsNonRoot").asBoolean(false)) {
                problems.add(id + ": securityContext.runAsNonRoot is not true");
            }
            if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(id + ": securityContext.readOnlyRootFilesystem is not true");
            }
        });
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerForbidsPrivilegeEscalationAndDropsAllCapabilities(String overlay) {
        List<String> problems = new ArrayList<>();
        Kustomize.build(overlay).allContainers().forEach((id, container) -> {
            JsonNode sc = container.path("securityContext");
            if (!sc.path("allowPrivilegeEscalation").isBoolean()
                    || sc.path("allowPrivilegeEscalation").asBoolean()) {
                problems.add(id + ": allowPrivilegeEscalation is not false");
            }
            if (!Manifests.texts(sc.path("capabilities").path("drop")).contains("ALL")) {
                problems.add(id + ": capabilities.drop does not contain ALL");
            }
            if (sc.path("capabilities").has("add")
                    && !sc.path("capabilities").path("add").isEmpty()) {
                problems.add(
                        id + ": adds capabilities " + sc.path("capabilities").path("add"));
            }
        });
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodUsesTheRuntimeDefaultSeccompProfile(String overlay) {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : Kustomize.build(overlay).workloads()) {
            JsonNode pod = deployment.at("/spec/template/spec");
            String podProfile = pod.at("/securityContext/seccompProfile/type").asText("");
            for (JsonNode container : pod.path("containers")) {
                String profile =
                        container.at("/securityContext/seccompProfile/type").asText(podProfile);
                if (!"RuntimeDefault".equals(profile)) {
                    problems.add(
                            name(deployment) + "/" + container.path("name").asText() + ": seccompProfile " + profile);
                }
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerRequestsAndLimitsCpuAndMemory(String overlay) {
        List<String> problems = new ArrayList<>();
        Kustomize.build(overlay).allContainers().forEach((id, container) -> {
            JsonNode resources = container.path("resources");
            for (String resource : List.of("cpu", "memory")) {
                JsonNode request = resources.path("requests").path(resource);
                JsonNode limit = resources.path("limits").path(resource);
                if (request.isMissingNode() || limit.isMissingNode()) {
                    problems.add(id + ": no " + resource + (request.isMissingNode() ? " request" : " limit"));
                } else if (Quantities.parse(request.asText()).compareTo(Quantities.parse(limit.asText())) > 0) {
                    problems.add(
                            id + ": " + resource + " request " + request.asText() + " exceeds limit " + limit.asText());
                }
            }
        });
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyReadOnlyContainerGetsAWritableTmp(String overlay) {
        List<String> problems = new ArrayList<>();
        Manifests manifests = Kustomize.build(overlay);
        for (JsonNode deployment : manifests.workloads()) {
            JsonNode pod = deployment.at("/spec/template/spec");
            Set<String> emptyDirs = new java.util.HashSet<>();
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("emptyDir")) {
                    emptyDirs.add(volume.path("name").asText());
                }
            }
            // every image keeps what it writes under /tmp (nginx too: its rendered config, pid and temp files)
            for (JsonNode container : pod.path("containers")) {
                boolean mounted = false;
                for (JsonNode mount : container.path("volumeMounts")) {
                    mounted |= "/tmp".equals(mount.path("mountPath").asText())
                            && emptyDirs.contains(mount.path("name").asText())
                            && !mount.path("readOnly").asBoolean(false);
                }
                if (!mounted) {
                    problems.add(name(deployment) + "/" + container.path("name").asText()
                            + ": no writable emptyDir on /tmp");
                }
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyEmptyDirIsMountedOnTmpTheOnePathTheImagesWrite(String overlay) {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : Kustomize.build(overlay).ofKind("Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            Map<String, JsonNode> volumes = new java.util.HashMap<>();
            pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
            Set<String> mounted = new java.util.HashSet<>();
            for (JsonNode container : pod.path("containers")) {
                for (JsonNode mount : container.path("volumeMounts")) {
                    String volume = mount.path("name").asText();
                    mounted.add(volume);
                    if (volumes.containsKey(volume)
                            && volumes.get(volume).has("emptyDir")
                            && !"/tmp".equals(mount.path("mountPath").asText())) {
                        problems.add(
                                name(deployment) + "/" + container.path("name").asText() + ": an emptyDir on "
                                        + mount.path("mountPath").asText() + ", but the image writes only to /tmp");
                    }
                }
            }
            volumes.keySet().stream()
                    .filter(v -> !mounted.contains(v))
                    .forEach(v -> problems.add(name(deployment) + ": volume " + v + " is mounted nowhere"));
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void quarkusServicesPauseBeforeSigtermAndDrainWithinTheirGracePeriod(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        for (String service : List.of("inference", "gateway")) {
            JsonNode container = manifests.container(service);
            List<String> hook = Manifests.texts(container.at("/lifecycle/preStop/exec/command"));
            assertTrue(
                    hook.size() == 2
                            && hook.get(0).equals("sleep")
                            && hook.get(1).matches("[1-9]\\d*"),
                    overlay + " " + service + ": preStop should be exec [sleep, N], endpoints are removed while"
                            + " SIGTERM is already on its way; found " + hook);
            int pause = Integer.parseInt(hook.get(1));
            int drain = drainTimeoutSeconds(service, container);
            int grace = manifests
                    .get("Deployment", service)
                    .at("/spec/template/spec/terminationGracePeriodSeconds")
                    .asInt(30);
            assertTrue(
                    pause + drain < grace,
                    overlay + " " + service + ": terminationGracePeriodSeconds " + grace + " leaves no room for the "
                            + pause + " s preStop pause and the " + drain + " s drain");
        }
    }

    /** {@code <service>.drain-timeout} as the container gets it: its env, else the @ConfigMapping default. */
    private static int drainTimeoutSeconds(String service, JsonNode container) {
        String env = Services.environmentName(service + ".drain-timeout");
        String value = Manifests.env(container, env)
                .map(e -> e.path("value").asText())
                .orElseGet(() -> Services.of(service).mainSources().stream()
                        .map(DRAIN_TIMEOUT_DEFAULT::matcher)
                        .filter(java.util.regex.Matcher::find)
                        .map(m -> m.group(1))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(service + " has no drainTimeout() with a @WithDefault")));
        // Quarkus' durations: a bare number is seconds, "500ms" milliseconds, else ISO-8601 with or without PT
        java.time.Duration duration = value.matches("\\d+")
                ? java.time.Duration.ofSeconds(Long.parseLong(value))
                : value.matches("\\d+ms")
                        ? java.time.Duration.ofMillis(Long.parseLong(value.replace("ms", "")))
                        : java.time.Duration.parse(
                                "PT" + value.toUpperCase(java.util.Locale.ROOT).replaceFirst("^PT", ""));
        return (int) Math.ceil(duration.toMillis() / 1000.0);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeploymentHasStartupLivenessAndReadinessProbesOnAContainerPort(String overlay) {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : Kustomize.build(overlay).ofKind("Deployment")) {
            for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
                String id = name(deployment) + "/" + container.path("name").asText();
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    JsonNode httpGet = container.path(probe).path("httpGet");
                    if (httpGet.isMissingNode()) {
                        problems.add(id + ": no " + probe + " with httpGet");
                        continue;
                    }
                    try {
                        int port = Manifests.resolvePort(httpGet.path("port"), container);
                        Set<Integer> declared = new java.util.HashSet<>();
                        container
                                .path("ports")
                                .forEach(p ->
                                        declared.add(p.path("containerPort").asInt()));
                        if (!declared.contains(port)) {
                            problems.add(id + ": " + probe + " port " + port + " is not a container port");
                        }
                    } catch (AssertionError e) {
                        problems.add(id + ": " + probe + ": " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void quarkusServicesProbeTheSmallRyeHealthEndpoints(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        Map<String, String> expected = Map.of(
                "startupProbe", "/q/health/started",
                "livenessProbe", "/q/health/live",
                "readinessProbe", "/q/health/ready");
        for (String service : List.of("inference", "gateway")) {
            JsonNode container = manifests.container(service);
            expected.forEach((probe, path) -> assertEquals(
                    path,
                    container.path(probe).path("httpGet").path("path").asText(),
                    overlay + " " + service + " " + probe));
        }
        JsonNode frontend = manifests.container("frontend");
        for (String probe : expected.keySet()) {
            assertEquals(
                    "/healthz",
                    frontend.path(probe).path("httpGet").path("path").asText(),
                    overlay + " frontend " + probe);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void inferenceIntraOpThreadsEqualTheCpuLimit(String overlay) {
        JsonNode container = Kustomize.build(overlay).container("inference");
        BigDecimal limit =
                Quantities.parse(container.at("/resources/limits/cpu").asText());
        assertTrue(
                limit.stripTrailingZeros().scale() <= 0,
                overlay + ": the inference CPU limit " + limit + " should be whole CPUs, one ONNX Runtime thread each");
        JsonNode env = Manifests.env(container, "INFERENCE_INTRA_OP_THREADS")
                .orElseThrow(() -> new AssertionError(overlay + ": INFERENCE_INTRA_OP_THREADS is not set"));
        if (env.has("value")) {
            assertEquals(
                    limit.intValueExact(),
                    Integer.parseInt(env.path("value").asText()),
                    overlay + ": INFERENCE_INTRA_OP_THREADS vs CPU limit");
        } else {
            // resourceFieldRef on the container's own CPU limit, in whole CPUs
            JsonNode ref = env.at("/valueFrom/resourceFieldRef");
            assertEquals("limits.cpu", ref.path("resource").asText(), overlay + ": resourceFieldRef.resource");
            assertEquals(
                    "inference",
                    ref.path("containerName").asText("inference"),
                    overlay + ": resourceFieldRef.containerName");
            assertEquals(
                    0,
                    Quantities.parse(ref.path("divisor").asText("1")).compareTo(BigDecimal.ONE),
                    overlay + ": resourceFieldRef.divisor must be 1 (whole CPUs)");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void inferenceAndGatewayAreAutoscaledByAnHpaThatOwnsTheirReplicaCount(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        for (String service : List.of("inference", "gateway")) {
            JsonNode hpa = manifests.ofKind("HorizontalPodAutoscaler").stream()
                    .filter(h ->
                            service.equals(h.at("/spec/scaleTargetRef/name").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(overlay + ": no HorizontalPodAutoscaler for " + service));
            assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
            assertEquals("Deployment", hpa.at("/spec/scaleTargetRef/kind").asText());
            manifests.get("Deployment", service);
            int min = hpa.at("/spec/minReplicas").asInt(1);
            int max = hpa.at("/spec/maxReplicas").asInt();
            assertTrue(
                    min >= 1 && max >= min, overlay + " " + service + ": minReplicas " + min + ", maxReplicas " + max);
            assertFalse(hpa.at("/spec/metrics").isEmpty(), overlay + " " + service + ": HPA without metrics");
            assertTrue(
                    manifests.get("Deployment", service).at("/spec/replicas").isMissingNode(),
                    overlay + " " + service + ": spec.replicas would fight the HPA on every apply");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeploymentIsCoveredByAPodDisruptionBudget(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        List<String> uncovered = new ArrayList<>();
        for (JsonNode deployment : manifests.ofKind("Deployment")) {
            JsonNode labels = deployment.at("/spec/template/metadata/labels");
            boolean covered = manifests.ofKind("PodDisruptionBudget").stream()
                    .anyMatch(pdb -> "policy/v1".equals(pdb.path("apiVersion").asText())
                            && Manifests.selects(pdb.at("/spec/selector"), labels));
            if (!covered) {
                uncovered.add(name(deployment));
            }
        }
        assertEquals(List.of(), uncovered, overlay + ": Deployments without a PodDisruptionBudget");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyGatewayPodsMayReachInferencePods(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        JsonNode inferenceLabels = manifests.get("Deployment", "inference").at("/spec/template/metadata/labels");
        JsonNode gatewayLabels = manifests.get("Deployment", "gateway").at("/spec/template/metadata/labels");
        List<Integer> inferencePorts = new ArrayList<>();
        manifests
                .container("inference")
                .path("ports")
                .forEach(p -> inferencePorts.add(p.path("containerPort").asInt()));
        // HTTP and gRPC for the gateway; the HTTP port alone (metrics) for Prometheus
        List<Integer> httpOnly = inferencePorts.subList(0, 1);

        List<JsonNode> policies = manifests.ofKind("NetworkPolicy").stream()
                .filter(p -> Manifests.selects(p.at("/spec/podSelector"), inferenceLabels))
                .toList();
        assertFalse(policies.isEmpty(), overlay + ": no NetworkPolicy selects the inference pods");

        boolean gatewayAllowed = false;
        List<String> problems = new ArrayList<>();
        for (JsonNode policy : policies) {
            if (!Manifests.texts(policy.at("/spec/policyTypes")).contains("Ingress")) {
                problems.add(name(policy) + ": policyTypes lacks Ingress");
            }
            for (JsonNode rule : policy.at("/spec/ingress")) {
                if (rule.path("from").isEmpty()) {
                    problems.add(name(policy) + ": a rule without 'from' admits every source");
                }
                List<Integer> ports = new ArrayList<>();
                rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
                boolean gatewayRule = false;
                for (JsonNode peer : rule.path("from")) {
                    if (isGatewayPeer(peer, gatewayLabels)) {
                        gatewayAllowed = true;
                        gatewayRule = true;
                    } else if (!isPrometheusPeer(peer)) {
                        problems.add(
                                name(policy) + ": admits a peer that is neither the gateway nor Prometheus: " + peer);
                    }
                }
                List<Integer> expected = gatewayRule ? inferencePorts : httpOnly;
                if (!ports.equals(expected)) {
                    problems.add(name(policy) + ": rule ports " + ports + " instead of exactly " + expected);
                }
            }
        }
        assertEquals(List.of(), problems, overlay);
        assertTrue(gatewayAllowed, overlay + ": no NetworkPolicy rule admits the gateway pods to inference");
    }

    /** Gateway pods of the same namespace: a podSelector that selects them, no namespaceSelector, no ipBlock. */
    private static boolean isGatewayPeer(JsonNode peer, JsonNode gatewayLabels) {
        return peer.has("podSelector")
                && !peer.has("namespaceSelector")
                && !peer.has("ipBlock")
                && !peer.path("podSelector").isEmpty()
                && Manifests.selects(peer.path("podSelector"), gatewayLabels);
    }

    /**
     * The one extra peer we allow, stated in k8s/base/networkpolicies.yaml: Prometheus pods in the
     * "monitoring" namespace, for scraping /q/metrics. Both selectors must be present and narrow.
     */
    private static boolean isPrometheusPeer(JsonNode peer) {
        return !peer.has("ipBlock")
                && "monitoring"
                        .equals(peer.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name")
                                .asText())
                && "prometheus"
                        .equals(peer.at("/podSelector/matchLabels/app.kubernetes.io~1name")
                                .asText());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void podsDoNotGetServiceLinkEnvironmentVariables(String overlay) {
        // Service links inject INFERENCE_PORT=tcp://..., GATEWAY_SERVICE_HOST=... into every pod:
        // names under the services' own config prefixes (POSTGRES_PORT beside the postgres image's POSTGRES_*).
        List<String> withLinks = Kustomize.build(overlay).workloads().stream()
                .filter(d -> d.at("/spec/template/spec/enableServiceLinks").asBoolean(true))
                .map(Manifests::name)
                .toList();
        assertEquals(List.of(), withLinks, overlay + ": workloads without enableServiceLinks: false");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceSelectsAWorkloadAndTargetsOneOfItsPorts(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode service : manifests.ofKind("Service")) {
            List<JsonNode> targets = manifests.workloads().stream()
                    .filter(d ->
                            Manifests.selectsMap(service.at("/spec/selector"), d.at("/spec/template/metadata/labels")))
                    .toList();
            if (targets.size() != 1) {
                problems.add(name(service) + " selects " + targets.size() + " Deployments and StatefulSets");
                continue;
            }
            JsonNode container = targets.get(0).at("/spec/template/spec/containers/0");
            for (JsonNode port : service.at("/spec/ports")) {
                try {
                    Manifests.resolvePort(
                            port.path("targetPort").isMissingNode() ? port.path("port") : port.path("targetPort"),
                            container);
                } catch (AssertionError e) {
                    problems.add(name(service) + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theIngressSendsEverythingToTheFrontend(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        List<JsonNode> ingresses = manifests.ofKind("Ingress");
        assertEquals(1, ingresses.size(), overlay + ": Ingress count");
        JsonNode path = ingresses.get(0).at("/spec/rules/0/http/paths/0");
        assertEquals("/", path.path("path").asText());
        assertEquals("Prefix", path.path("pathType").asText());
        String serviceName = path.at("/backend/service/name").asText();
        assertEquals("frontend", serviceName);
        JsonNode servicePort = path.at("/backend/service/port");
        JsonNode service = manifests.get("Service", serviceName);
        boolean exists = false;
        for (JsonNode port : service.at("/spec/ports")) {
            exists |= servicePort.has("name")
                    ? servicePort.path("name").asText().equals(port.path("name").asText())
                    : servicePort.path("number").asInt() == port.path("port").asInt();
        }
        assertTrue(
                exists, overlay + ": the Ingress backend port " + servicePort + " is not a port of Service frontend");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theIngressAcceptsBodiesAsLargeAsNginxDoes(String overlay) {
        JsonNode ingress = Kustomize.build(overlay).ofKind("Ingress").get(0);
        assertEquals(
                NginxConfigTest.bodyLimit(),
                ingress.at("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-body-size")
                        .asText(),
                overlay + ": ingress-nginx's default 1m would reject images the gateway accepts");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void scrapedPodsAnnounceTheMetricsPathAndAContainerPort(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        for (String service : List.of("inference", "gateway")) {
            JsonNode annotations = manifests.get("Deployment", service).at("/spec/template/metadata/annotations");
            assertEquals("true", annotations.path("prometheus.io/scrape").asText(), overlay + " " + service);
            assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText(), overlay + " " + service);
            Set<String> ports = new java.util.HashSet<>();
            manifests
                    .container(service)
                    .path("ports")
                    .forEach(p -> ports.add(p.path("containerPort").asText()));
            assertTrue(
                    ports.contains(annotations.path("prometheus.io/port").asText()),
                    overlay + " " + service + ": prometheus.io/port " + annotations.path("prometheus.io/port")
                            + " not in " + ports);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyNamespacedObjectLivesInTheOverlaysNamespace(String overlay) {
        Manifests manifests = Kustomize.build(overlay);
        List<JsonNode> namespaces = manifests.ofKind("Namespace");
        assertEquals(1, namespaces.size(), overlay + ": one Namespace per overlay");
        String namespace = name(namespaces.get(0));
        Map<String, String> elsewhere = manifests.objects().stream()
                .filter(o -> !"Namespace".equals(o.path("kind").asText()))
                .filter(o -> !namespace.equals(o.at("/metadata/namespace").asText()))
                .collect(Collectors.toMap(
                        Manifests::id, o -> o.at("/metadata/namespace").asText("<none>")));
        assertEquals(Map.of(), elsewhere, overlay);
        assertEquals(
                "restricted",
                namespaces
                        .get(0)
                        .at("/metadata/labels/pod-security.kubernetes.io~1enforce")
                        .asText(),
                overlay + ": the namespace should enforce the restricted Pod Security Standard");
    }
}
