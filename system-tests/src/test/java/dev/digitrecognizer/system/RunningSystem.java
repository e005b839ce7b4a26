package dev.digitrecognizer.system;

import dev.digitrecognizer.deploy.support.Nginx;
import dev.digitrecognizer.deploy.support.Repo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system started the way the README starts it, with {@code ./run.sh}, on free ports;
 * once for all the tests that use it, stopped with SIGINT (Ctrl-C) when they are done.
 */
public final class RunningSystem implements BeforeAllCallback {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Instance shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(RunningSystem.class, key -> {
            shared = start();
            return shared;
        });
    }

    /** The instance started for the test run. */
    public static Instance get() {
        if (shared == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(RunningSystem.class)");
        }
        return shared;
    }

    /** A separate instance, for a test that stops it itself. */
    public static Instance start() {
        int port = Nginx.freePort();
        int backendPort = Nginx.freePort();
        try {
            Path log = Files.createTempFile("run-sh", ".log");
            // A build started in the background inherits SIGINT ignored, and a shell cannot trap a
            // signal it was started ignoring; env restores Ctrl-C as a terminal delivers it.
            ProcessBuilder builder = new ProcessBuilder(List.of(
                            "env",
                            "--default-signal=INT",
                            "bash",
                            Repo.path("run.sh").toString()))
                    .directory(Repo.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("PORT", String.valueOf(port));
            builder.environment().put("BACKEND_PORT", String.valueOf(backendPort));
            builder.environment().put("GRPC_PORT", String.valueOf(Nginx.freePort()));
            // The feedback the tests give goes to an H2 file of their own, not to the checkout's
            // ./data/feedback, which keeps what a developer's own ./run.sh was told.
            Path feedback = Files.createTempDirectory("run-sh-feedback");
            builder.environment()
                    .put(
                            "GATEWAY_FEEDBACK_DB_URL",
                            "jdbc:h2:file:" + feedback.resolve("feedback") + ";MODE=PostgreSQL");
            Instance instance = new Instance(builder.start(), port, backendPort, log);
            instance.awaitUp();
            return instance;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start run.sh: " + e.getMessage(), e);
        }
    }

    public static final class Instance implements ExtensionContext.Store.CloseableResource {
        private final Process process;
        private final int port;
        private final int backendPort;
        private final Path log;

        Instance(Process process, int port, int backendPort, Path log) {
            this.process = process;
            this.port = port;
            this.backendPort = backendPort;
            this.log = log;
        }

        /** Where users go: the page and the API. */
        public String url() {
            return "http://localhost:" + port;
        }

        public String inferenceUrl() {
            return "http://localhost:" + backendPort;
        }

        public int port() {
            return port;
        }

        public int backendPort() {
            return backendPort;
        }

        public Process process() {
            return process;
        }

        public String log() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        private void awaitUp() {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("run.sh exited with " + process.exitValue() + ":\n" + log());
                }
                if (status(url() + "/q/health/ready") == 200 && log().contains("is up at")) {
                    return;
                }
                sleep(250);
            }
            interrupt();
            throw new IllegalStateException("run.sh did not start the system in time:\n" + log());
        }

        /** Sends SIGINT, as Ctrl-C does, and waits for run.sh to exit. */
        public int interrupt() {
            return signal("INT");
        }

        /** Sends SIGTERM, as a process manager does, and waits for run.sh to exit. */
        public int terminate() {
            return signal("TERM");
        }

        private int signal(String name) {
            try {
                new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                        .start()
                        .waitFor();
                if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new IllegalStateException("run.sh did not stop within 60 s of SIG" + name);
                }
                return process.exitValue();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                interrupt();
            }
        }
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    public static int status(String url) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
