package dev.digitrecognizer.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.digitrecognizer.deploy.support.Docker;
import dev.digitrecognizer.deploy.support.Nginx;
import dev.digitrecognizer.deploy.support.Processes;
import dev.digitrecognizer.fixtures.ServedModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * gRPC across inference replicas, on the built images: two inference containers answer to one DNS
 * name ({@code inference}, a network alias, as a headless Service's name answers with every ready
 * pod), and the gateway, over gRPC, resolves it to both and sends calls round-robin. Then one of the
 * two is killed under load: the calls that were out on its connection are retried on the other,
 * and no request fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrpcScaleOutTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** This class's own label, beside Docker.LABEL, so that its clean-up leaves other tests' containers. */
    private static final String OWN_LABEL = "dev.digitrecognizer.test.grpc-scale-out=" + RUN;

    private static final String NETWORK = "grpc-scale-out-" + RUN;
    private static final List<String> INFERENCE =
            List.of("grpc-scale-out-" + RUN + "-inference-1", "grpc-scale-out-" + RUN + "-inference-2");
    private static final String GATEWAY = "grpc-scale-out-" + RUN + "-gateway";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final int CLIENTS = 16;
    private static final Pattern ROWS = Pattern.compile("(?m)^inference_rows_total\\{([^}]*)} ([0-9.E]+)$");

    private static String api;
    private static List<String> drawings;

    @BeforeAll
    static void start() {
        Docker.buildImages();
        Docker.run("network", "create", "--label", Docker.LABEL, "--label", OWN_LABEL, NETWORK);
        for (String inference : INFERENCE) {
            // as compose runs it: read-only, /tmp a tmpfs ONNX Runtime may map code from
            List<String> run = container(inference);
            run.addAll(List.of("--network-alias", "inference", "--tmpfs", "/tmp:exec", Docker.IMAGES.get("inference")));
            Docker.run(run.toArray(String[]::new));
        }
        for (String inference : INFERENCE) {
            awaitReady(inference, 8081);
        }
        // Started once both answer, so that its first resolution of "inference" finds two ready replicas
        int port = startGateway();
        awaitReady(GATEWAY, 8080);
        api = "http://127.0.0.1:" + port + "/api/v1/predict";
        drawings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            drawings.add(Api.canvas(i));
        }
    }

    @AfterAll
    static void removeContainers() {
        Docker.removeLabelled(OWN_LABEL);
    }

    @Test
    @Order(1)
    void everyReplicaBehindTheNameServesAShareOfTheRows() {
        List<Double> before =
                INFERENCE.stream().map(GrpcScaleOutTest::rowsServed).toList();
        int requests = 300;

        List<String> failures = load(ServedModels.digitModels(), requests, 0, answers -> {});

        assertEquals(List.of(), failures, "requests that did not get 200");
        List<Double> served = new ArrayList<>();
        for (int i = 0; i < INFERENCE.size(); i++) {
            served.add(rowsServed(INFERENCE.get(i)) - before.get(i));
        }
        System.out.println("rows served by each inference replica: " + served);
        assertEquals(
                requests,
                served.stream().mapToDouble(Double::doubleValue).sum(),
                0.0,
                "one row per drawing, all served: " + served);
        for (double rows : served) {
            assertTrue(rows >= requests / 10.0, "each replica should serve a share of the rows: " + served);
        }
    }

    @Test
    @Order(2)
    void aReplicaKilledWithCallsOutOnItCostsNoRequest() {
        // One model, so that every call lost counts against the same circuit breaker
        List<String> model = ServedModels.digitModels().subList(0, 1);
        String victim = INFERENCE.get(0);
        double lostBefore = gatewayCounter("connection_lost");
        double circuitOpenBefore = gatewayCounter("circuit_open");

        int requests = 900;
        List<String> failures = load(model, requests, 150, answers -> {
            // Frozen first, so that calls are certainly out on it when it dies: each event loop's
            // next call to it hangs, and the load stalls behind those calls.
            Docker.run("pause", victim);
            awaitStall(answers);
            Docker.run("kill", victim);
        });

        double lost = gatewayCounter("connection_lost") - lostBefore;
        System.out.println(requests + " requests, one replica killed under them: " + failures.size() + " failed; "
                + lost + " calls lost with its connection, retried on the other");
        assertEquals(List.of(), failures, "requests that did not get 200 while a replica was killed");
        assertEquals("false", Docker.run("inspect", "-f", "{{.State.Running}}", victim));
        // The mechanism: the calls out on the killed replica's connection were lost and retried on
        // the other, and the model's circuit breaker, which judges the model, not one replica, stayed shut.
        assertTrue(lost > 0, "no call was lost with the killed replica's connection, so no retry was tested");
        assertEquals(circuitOpenBefore, gatewayCounter("circuit_open"), "the circuit breaker opened");

        // and the balancer has left the dead replica: the one left serves every row asked now
        double survivorBefore = rowsServed(INFERENCE.get(1));
        int after = 60;
        assertEquals(List.of(), load(ServedModels.digitModels(), after, 0, answers -> {}), "requests after the kill");
        assertEquals(after, rowsServed(INFERENCE.get(1)) - survivorBefore, 0.0);
    }

    /**
     * Posts {@code requests} drawings from {@link #CLIENTS} clients, the models in turn, and returns
     * what did not get 200; {@code event} runs once {@code after} of them are answered, given the
     * count of answers so far.
     */
    private static List<String> load(List<String> models, int requests, int after, Consumer<AtomicInteger> event) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answers = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(after);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    String model = models.get(i % models.size());
                    try {
                        Api.Reply reply =
                                Api.post(api, Map.of("image", drawings.get(i % drawings.size()), "model", model));
                        if (reply.status() != 200 || !reply.body().has("digit")) {
                            failures.add(model + ": " + reply.status() + " "
                                    + reply.raw().body());
                        }
                    } catch (RuntimeException e) {
                        failures.add(model + ": " + e.getMessage());
                    }
                    answers.incrementAndGet();
                    enough.countDown();
                }
            });
        }
        try {
            if (enough.await(2, TimeUnit.MINUTES)) {
                event.accept(answers);
            } else {
                failures.add("only " + (after - enough.getCount()) + " answers in 2 minutes");
            }
            clients.shutdown();
            if (!clients.awaitTermination(5, TimeUnit.MINUTES)) {
                clients.shutdownNow();
                failures.add("the load did not finish in 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clients.shutdownNow();
            throw new IllegalStateException(e);
        }
        return List.copyOf(failures);
    }

    /**
     * Returns once no request has been answered for a second: every client then waits on a call
     * out on the frozen replica, since the other answers in milliseconds. Gives up after 30 s, and
     * the kill that follows tells by its lost calls whether any were out.
     */
    private static void awaitStall(AtomicInteger answers) {
        int last = answers.get();
        for (int second = 0; second < 30; second++) {
            sleep(Duration.ofSeconds(1));
            int now = answers.get();
            if (now == last) {
                return;
            }
            last = now;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rows the container's digit models have computed since it started, all together; the detector,
     * which the gateway asks about every drawing as well, is left out.
     */
    private static double rowsServed(String inference) {
        Matcher rows = ROWS.matcher(Docker.run("exec", inference, "curl", "-fsS", "localhost:8081/q/metrics"));
        double sum = 0;
        boolean found = false;
        while (rows.find()) {
            if (!rows.group(1).contains("model=\"" + ServedModels.DETECTOR + "\"")) {
                sum += Double.parseDouble(rows.group(2));
            }
            found = true;
        }
        if (!found) {
            fail(inference + " publishes no inference_rows_total");
        }
        return sum;
    }

    /** The gateway's attempts at inference with this outcome, all models together; 0 before it first counts. */
    private static double gatewayCounter(String outcome) {
        String metrics =
                Api.get(api.replace("/api/v1/predict", "/q/metrics")).raw().body();
        Matcher counter = Pattern.compile(
                        "(?m)^gateway_inference_attempts_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*} ([0-9.E]+)$")
                .matcher(metrics);
        double sum = 0;
        while (counter.find()) {
            sum += Double.parseDouble(counter.group(1));
        }
        return sum;
    }

    /** {@code docker run -d} of a labelled container on the network, hardened as compose runs it. */
    private static List<String> container(String name) {
        return new ArrayList<>(List.of(
                "run",
                "-d",
                "--name",
                name,
                "--label",
                Docker.LABEL,
                "--label",
                OWN_LABEL,
                "--network",
                NETWORK,
                "--read-only",
                "--cap-drop",
                "ALL",
                "--security-opt",
                "no-new-privileges:true"));
    }

    /** Starts the gateway over gRPC to "inference", published on a free loopback port; returns the port. */
    private static int startGateway() {
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = Nginx.freePort();
            List<String> command = container(GATEWAY);
            command.addAll(List.of(
                    "-p",
                    "127.0.0.1:" + port + ":8080",
                    "--tmpfs",
                    "/tmp",
                    "-e",
                    "GATEWAY_INFERENCE_TRANSPORT=grpc",
                    "-e",
                    "QUARKUS_GRPC_CLIENTS_INFERENCE_HOST=inference",
                    "-e",
                    "QUARKUS_GRPC_CLIENTS_INFERENCE_PORT=8001",
                    "-e",
                    "QUARKUS_REST_CLIENT_INFERENCE_URL=http://inference:8081",
                    Docker.IMAGES.get("gateway")));
            Processes.Result run = Docker.exec(command.toArray(String[]::new));
            if (run.exitCode() == 0) {
                return port;
            }
            Docker.exec("rm", "-f", GATEWAY);
            if (!Docker.portTaken(run)) {
                fail("docker run " + GATEWAY + " failed: " + run.stderr());
            }
        }
        throw new IllegalStateException("no free port for the gateway after 5 attempts");
    }

    /** Waits until the container's /q/health/ready answers 200, asked from inside it with its own curl. */
    private static void awaitReady(String container, int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!Docker.run("inspect", "-f", "{{.State.Running}}", container).equals("true")) {
                fail(container + " stopped: " + logs(container));
            }
            if (Docker.exec(
                                    "exec",
                                    container,
                                    "curl",
                                    "-fsS",
                                    "-o",
                                    "/dev/null",
                                    "localhost:" + port + "/q/health/ready")
                            .exitCode()
                    == 0) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        fail(container + " is not ready after " + START_TIMEOUT + ": " + logs(container));
    }

    private static String logs(String container) {
        Processes.Result logs = Docker.exec("logs", "--tail", "60", container);
        return logs.stdout() + logs.stderr();
    }
}
