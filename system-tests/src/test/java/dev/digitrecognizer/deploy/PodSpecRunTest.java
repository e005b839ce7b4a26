package dev.digitrecognizer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.deploy.support.Docker;
import dev.digitrecognizer.deploy.support.Kustomize;
import dev.digitrecognizer.deploy.support.Manifests;
import dev.digitrecognizer.deploy.support.Nginx;
import dev.digitrecognizer.deploy.support.PodRun;
import dev.digitrecognizer.deploy.support.Processes;
import dev.digitrecognizer.system.Api;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prod overlay's pods, run as a cluster would run them. No cluster runs here, so each
 * Deployment's rendered pod spec becomes a {@code docker run} ({@link PodRun}): its image, env,
 * ports, user, read-only root, capabilities, emptyDirs, CPU and memory limits, and its Services'
 * names as network aliases. The pods share one network and start in the order they call each
 * other; each probe must answer 200 as often as the kubelet would ask, a real drawing must go
 * through the Ingress's backend, and each pod must stop by itself within its grace period.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodSpecRunTest {

    private static final String OVERLAY = "prod";

    /** This class's own label beside {@link Docker#LABEL}: its clean-up leaves other tests' containers alone. */
    private static final String RUN = "podspec-" + ProcessHandle.current().pid();

    private static final String RUN_LABEL = "dev.digitrecognizer.test.run=" + RUN;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /**
     * Stand-ins for the Secrets prod's operator creates (k8s/overlays/prod/kustomization.yaml). The
     * database is one that does not exist: a gateway must start, be ready and predict without it,
     * and refuse feedback with a 503 until it is back.
     */
    private static final Map<String, Map<String, String>> OPERATOR_SECRETS = Map.of(
            "feedback-db",
                    Map.of(
                            "url", "jdbc:postgresql://feedback-db.invalid:5432/feedback",
                            "username", "feedback",
                            "password", "there-is-no-database-here"),
            "gateway-feedback",
                    Map.of(
                            "secret", "a-stand-in-hmac-key-of-more-than-32-characters",
                            "admin-token", "a-stand-in-admin-token"));

    /** A started pod: where its ports are published, and why its first probes failed (null: they answered). */
    private record Pod(PodRun run, Map<Integer, Integer> hostPorts, String startupFailure, String readinessFailure) {}

    private static final Map<String, Pod> PODS = new LinkedHashMap<>();

    static Stream<String> deployments() {
        return Kustomize.build(OVERLAY).ofKind("Deployment").stream().map(Manifests::name);
    }

    @BeforeAll
    static void startThePods() {
        Docker.buildImages();
        Docker.run("network", "create", "--label", Docker.LABEL, "--label", RUN_LABEL, RUN);
        for (PodRun run : PodRun.inStartOrder(PodRun.of(Kustomize.build(OVERLAY), RUN, OPERATOR_SECRETS))) {
            Map<Integer, Integer> hostPorts = start(run);
            long started = System.nanoTime();
            PodRun.Probe startup = run.probes().get("startupProbe");
            String startupFailure = startup == null ? null : probe(run, hostPorts, startup, started);
            // the kubelet asks readiness once startup has answered; the pods that call this one wait for it
            PodRun.Probe readiness = run.probes().get("readinessProbe");
            String readinessFailure = startupFailure != null
                    ? "readiness is never asked: " + startupFailure
                    : readiness == null ? null : probe(run, hostPorts, readiness, System.nanoTime());
            PODS.put(run.deployment(), new Pod(run, hostPorts, startupFailure, readinessFailure));
        }
    }

    @AfterAll
    static void removeThePods() {
        Docker.removeLabelled(RUN_LABEL);
    }

    @ParameterizedTest
    @MethodSource("deployments")
    @Order(1)
    void startsWithinItsStartupProbesBudget(String deployment) {
        Pod pod = pod(deployment);
        assertAnswered(pod, pod.startupFailure());
    }

    @ParameterizedTest
    @MethodSource("deployments")
    @Order(2)
    void becomesReadyWithinItsReadinessProbesBudgetOnceStarted(String deployment) {
        Pod pod = pod(deployment);
        assertAnswered(pod, pod.readinessFailure());
    }

    @ParameterizedTest
    @MethodSource("deployments")
    @Order(3)
    void answersItsLivenessProbe(String deployment) {
        Pod pod = pod(deployment);
        PodRun.Probe liveness = pod.run().probes().get("livenessProbe");
        assertTrue(liveness != null, deployment + " has no livenessProbe");
        assertAnswered(pod, probe(pod.run(), pod.hostPorts(), liveness, System.nanoTime()));
    }

    @Test
    @Order(4)
    void aDrawingPostedToTheIngressBackendIsPredicted() {
        String url = ingressBackend() + "/api/v1/predict";

        Api.Reply reply;
        try {
            reply = Api.post(url, Map.of("image", Api.canvas(1)));
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage() + allLogs(), e);
        }

        assertEquals(200, reply.status(), () -> reply.raw().body() + allLogs());
        assertEquals(
                Api.mnist().labels()[1],
                reply.body().path("digit").asInt(),
                reply.raw().body());
    }

    /** The gateway's design: without its database it predicts, and refuses feedback politely. */
    @Test
    @Order(5)
    void feedbackWithoutADatabaseIsRefusedWith503AndRetryAfter() {
        Api.Reply prediction = Api.post(ingressBackend() + "/api/v1/predict", Map.of("image", Api.canvas(1)));
        assertEquals(200, prediction.status(), () -> prediction.raw().body() + allLogs());
        String id = prediction.body().path("id").asText();
        assertFalse(
                id.isEmpty(), "the answer carries no id: " + prediction.raw().body());

        Api.Reply feedback = Api.post(
                ingressBackend() + "/api/v1/feedback",
                Map.of("id", id, "label", prediction.body().path("digit").asInt()));

        assertEquals(503, feedback.status(), () -> feedback.raw().body() + allLogs());
        assertEquals("application/problem+json", feedback.contentType());
        assertEquals(
                "urn:digit-recognizer:problem:feedback-unavailable",
                feedback.body().path("type").asText());
        assertTrue(feedback.raw().headers().firstValue("Retry-After").isPresent(), "no Retry-After");
    }

    /** The Ingress's backend, the frontend's nginx, as the host publishes it: {@code http://127.0.0.1:PORT}. */
    private static String ingressBackend() {
        Manifests manifests = Kustomize.build(OVERLAY);
        JsonNode backend = manifests.ofKind("Ingress").get(0).at("/spec/rules/0/http/paths/0/backend/service");
        JsonNode service = manifests.get("Service", backend.path("name").asText());
        Pod pod = PODS.values().stream()
                .filter(p -> p.run().services().contains(Manifests.name(service)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no pod behind Service " + Manifests.name(service)));
        int containerPort = -1;
        for (JsonNode port : service.at("/spec/ports")) {
            if (backend.at("/port").has("name")
                    ? port.path("name").asText().equals(backend.at("/port/name").asText())
                    : port.path("port").asInt() == backend.at("/port/number").asInt()) {
                containerPort =
                        Manifests.resolvePort(port.path("targetPort"), pod.run().container());
            }
        }
        return "http://127.0.0.1:" + pod.hostPorts().get(containerPort);
    }

    /**
     * What makes the calls between the pods run here as on a cluster: a pod reaches another through
     * the other's Service name, here a network alias straight to the container, so each Service a
     * pod calls must listen on the port its target container does (kube-proxy could remap it).
     */
    @Test
    @Order(6)
    void theServicesThePodsCallListenOnTheirContainersPorts() {
        Manifests manifests = Kustomize.build(OVERLAY);
        List<PodRun> runs = PodRun.of(manifests, RUN, OPERATOR_SECRETS);
        List<String> remapped = new ArrayList<>();
        for (PodRun caller : runs) {
            for (String called : caller.calledServices()) {
                JsonNode container = runs.stream()
                        .filter(r -> r.services().contains(called))
                        .findFirst()
                        .orElseThrow(() ->
                                new AssertionError(caller.deployment() + " calls " + called + ", which selects no pod"))
                        .container();
                for (JsonNode port : manifests.get("Service", called).at("/spec/ports")) {
                    int target = Manifests.resolvePort(port.path("targetPort"), container);
                    if (port.path("port").asInt() != target) {
                        remapped.add(called + ": " + port.path("port").asInt() + " -> " + target);
                    }
                }
            }
        }
        assertEquals(List.of(), remapped);
    }

    /**
     * What the kubelet does to a pod it deletes: the preStop hook runs to its end (it must exist in
     * the image), then the image's stop signal; the container must exit by itself, not be killed,
     * within terminationGracePeriodSeconds counted from the start of the hook.
     */
    @ParameterizedTest
    @MethodSource("deployments")
    @Order(Integer.MAX_VALUE)
    void stopsByItselfWithinItsGracePeriodAfterItsPreStopHook(String deployment) {
        Pod pod = pod(deployment);
        String container = pod.run().containerName();
        int grace = pod.run().terminationGracePeriodSeconds();
        long start = System.nanoTime();
        List<String> hook = pod.run().preStop();
        if (!hook.isEmpty()) {
            List<String> exec = new ArrayList<>(List.of("exec", container));
            exec.addAll(hook);
            Processes.Result result = Docker.exec(exec.toArray(String[]::new));
            assertEquals(
                    0,
                    result.exitCode(),
                    () -> deployment + ": the preStop hook " + hook + " failed in the image: " + result.stderr()
                            + result.stdout());
        }
        long left = grace - Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertTrue(left > 0, deployment + ": the preStop hook " + hook + " used all of the " + grace + " s grace");

        Docker.run("stop", "--time", String.valueOf(left), container);

        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        String state = Docker.run("inspect", "--format", "{{.State.ExitCode}} {{.State.OOMKilled}}", container);
        assertNotEquals(
                "137", state.split(" ")[0], () -> deployment + " was killed after " + seconds + " s" + logs(pod));
        assertEquals("false", state.split(" ")[1], () -> deployment + " ran out of memory" + logs(pod));
        assertTrue(seconds < grace, deployment + " took " + seconds + " s of its " + grace + " s grace");
    }

    private static Pod pod(String deployment) {
        Pod pod = PODS.get(deployment);
        if (pod == null) {
            fail(deployment + " was not started");
        }
        return pod;
    }

    /** Publishes every container port on a free port of 127.0.0.1, picking again if one is taken meanwhile. */
    private static Map<Integer, Integer> start(PodRun run) {
        for (int attempt = 1; ; attempt++) {
            Map<Integer, Integer> hostPorts = new LinkedHashMap<>();
            for (int port : run.ports()) {
                int hostPort;
                do {
                    hostPort = Nginx.freePort();
                } while (hostPorts.containsValue(hostPort));
                hostPorts.put(port, hostPort);
            }
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(run.runArguments(RUN, List.of(Docker.LABEL, RUN_LABEL), hostPorts));
            Processes.Result result = Docker.exec(args.toArray(String[]::new));
            if (result.exitCode() == 0) {
                return hostPorts;
            }
            Docker.exec("rm", "-f", run.containerName());
            if (!Docker.portTaken(result) || attempt == 3) {
                fail("docker " + String.join(" ", args) + " failed: " + result.stderr());
            }
        }
    }

    /**
     * Asks as the kubelet does, from {@code since}: after the initial delay, every period, at most
     * failureThreshold times, each within the timeout. Null once it answers 200, else what it answered.
     */
    private static String probe(PodRun run, Map<Integer, Integer> hostPorts, PodRun.Probe probe, long since) {
        String url = "http://127.0.0.1:" + hostPorts.get(probe.port()) + probe.path();
        String last = "";
        for (int attempt = 0; attempt < probe.failureThreshold(); attempt++) {
            sleepUntil(since
                    + Duration.ofSeconds(probe.initialDelaySeconds() + (long) attempt * probe.periodSeconds())
                            .toNanos());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(probe.timeoutSeconds()))
                    .header("User-Agent", "kube-probe/1.30")
                    .header("Accept", "*/*");
            probe.headers().forEach(request::header);
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return null;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            String state =
                    Docker.run("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", run.containerName());
            if (!state.startsWith("running")) {
                return run.deployment() + " stopped (" + state + ") before its " + probe.kind() + " answered: " + last;
            }
        }
        return run.deployment() + ": " + probe.kind() + " GET :" + probe.port() + probe.path()
                + " did not answer 200 in "
                + probe.failureThreshold() + " tries " + probe.periodSeconds() + " s apart (" + probe.budgetSeconds()
                + " s); last: " + last;
    }

    /** Fails with the pod's logs when its probe did not answer (a null failure means it did). */
    private static void assertAnswered(Pod pod, String failure) {
        if (failure != null) {
            fail(failure + logs(pod));
        }
    }

    private static String allLogs() {
        StringBuilder logs = new StringBuilder();
        PODS.values().forEach(p -> logs.append(logs(p)));
        return logs.toString();
    }

    private static String logs(Pod pod) {
        Processes.Result logs = Docker.exec("logs", "--tail", "80", pod.run().containerName());
        return "\n--- docker logs " + pod.run().deployment() + " ---\n" + logs.stdout() + logs.stderr();
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
