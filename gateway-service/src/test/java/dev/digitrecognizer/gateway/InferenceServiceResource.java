package dev.digitrecognizer.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts the real inference-service jar with the committed models, for the gateway to call. */
public class InferenceServiceResource implements QuarkusTestResourceLifecycleManager {
    private Process process;

    @Override
    public Map<String, String> start() {
        Path jar = Path.of(System.getProperty("inference.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build inference-service first (mvn verify from the root)");
        }
        int port = freePort();
        int grpcPort = freePort();
        try {
            Path log = Files.createTempFile("inference-service", ".log");
            process = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Dquarkus.http.port=" + port,
                            "-Dquarkus.grpc.server.port=" + grpcPort,
                            "-Dinference.model-repository=" + System.getProperty("inference.model-repository"),
                            "-jar",
                            jar.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            awaitReady(port, log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start inference-service: " + e.getMessage(), e);
        }
        return withGrpcPort(grpcPort, Map.of("quarkus.rest-client.inference.url", "http://localhost:" + port));
    }

    /**
     * The config with the inference gRPC client pointed at the port: GrpcTransport's own channels
     * read its {@code port}; in test mode, Quarkus's shared channel reads its {@code test-port}.
     */
    public static Map<String, String> withGrpcPort(int grpcPort, Map<String, String> config) {
        Map<String, String> all = new HashMap<>(config);
        all.put("quarkus.grpc.clients.inference.port", Integer.toString(grpcPort));
        all.put("quarkus.grpc.clients.inference.test-port", Integer.toString(grpcPort));
        return all;
    }

    private void awaitReady(int port, Path log) throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v2/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("inference-service exited: " + Files.readString(log));
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep();
        }
        stop();
        throw new IllegalStateException("inference-service did not become ready: " + Files.readString(log));
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
