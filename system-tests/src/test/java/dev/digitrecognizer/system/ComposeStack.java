package dev.digitrecognizer.system;

import static org.junit.jupiter.api.Assertions.fail;

import dev.digitrecognizer.deploy.support.Compose;
import dev.digitrecognizer.deploy.support.Docker;
import dev.digitrecognizer.deploy.support.Nginx;
import dev.digitrecognizer.deploy.support.Processes;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * docker-compose.yml run as a user runs it, every service but Grafana (whose image is the one not
 * built here), under a project of its own, on free loopback ports and with feedback secrets of its
 * own (set as a user sets them, through the variables the file reads); {@link #down} removes every
 * container and volume it made.
 */
final class ComposeStack {
    static final List<String> SERVICES = List.of("inference", "postgres", "gateway", "frontend", "prometheus");
    private static final String PROJECT = "digit-recognizer-test";

    private final int port = Nginx.freePort();
    private final int prometheusPort = Nginx.freePort();
    private final String adminToken = randomToken();
    private final Map<String, String> environment = Map.of(
            "FRONTEND_PORT",
            "127.0.0.1:" + port,
            "PROMETHEUS_PORT",
            "127.0.0.1:" + prometheusPort,
            "FEEDBACK_DB_PASSWORD",
            randomToken(),
            "FEEDBACK_SECRET",
            randomToken(),
            "FEEDBACK_ADMIN_TOKEN",
            adminToken);

    /** Builds the images and starts the stack; returns once every service is healthy. */
    static ComposeStack up() {
        Docker.buildImages();
        ComposeStack stack = new ComposeStack();
        stack.compose(Duration.ofMinutes(2), "down", "-v", "--remove-orphans");
        List<String> up = new ArrayList<>(List.of("up", "-d"));
        up.addAll(SERVICES);
        stack.compose(Duration.ofMinutes(5), up.toArray(String[]::new));
        for (String service : SERVICES) {
            stack.awaitHealthy(service, Duration.ofMinutes(3));
        }
        return stack;
    }

    void down() {
        compose(Duration.ofMinutes(2), "down", "-v", "--remove-orphans");
    }

    /** The page, as the published port serves it. */
    URI page() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    URI api(String path) {
        return page().resolve("/api/v1/" + path);
    }

    URI prometheus(String path) {
        return URI.create("http://127.0.0.1:" + prometheusPort + path);
    }

    /** The bearer token of the feedback export, as this stack's gateway was given it. */
    String adminToken() {
        return adminToken;
    }

    /** {@code compose restart}: every container of the stack stopped and started again, volumes kept. */
    void restartAll() {
        compose(Duration.ofMinutes(3), "restart");
        for (String service : SERVICES) {
            awaitHealthy(service, Duration.ofMinutes(3));
        }
    }

    /** The id of the service's container. */
    String container(String service) {
        String id = compose(Duration.ofSeconds(30), "ps", "-q", service).strip();
        if (id.isEmpty()) {
            fail("compose has no container for " + service);
        }
        return id;
    }

    /** Waits until Docker's healthcheck reports the service's container healthy. */
    void awaitHealthy(String service, Duration timeout) {
        String id = container(service);
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = Docker.run(
                    "inspect", "-f", "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}", id);
            if (state.equals("running healthy")) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        fail(service + " is not healthy after " + timeout + " (" + state + "); its log:\n"
                + tail(Docker.exec("logs", "--tail", "60", id)));
    }

    /** Waits until the service's container has stopped, and returns its exit code. */
    int awaitExit(String service, Duration timeout) {
        String id = container(service);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Docker.run("inspect", "-f", "{{.State.Status}}", id).equals("exited")) {
                return Integer.parseInt(Docker.run("inspect", "-f", "{{.State.ExitCode}}", id));
            }
            sleep(Duration.ofMillis(100));
        }
        return fail(service + " did not stop within " + timeout + "; its log:\n"
                + tail(Docker.exec("logs", "--tail", "60", id)));
    }

    String logs(String service) {
        Processes.Result logs = Docker.exec("logs", container(service));
        return logs.stdout() + logs.stderr();
    }

    private String compose(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(Compose.command(PROJECT));
        command.addAll(List.of(args));
        Processes.Result result = Processes.run(command, environment, null, timeout);
        if (result.exitCode() != 0) {
            fail(String.join(" ", command) + " failed:\n" + tail(result));
        }
        return result.stdout();
    }

    private static String tail(Processes.Result result) {
        String all = (result.stdout() + result.stderr()).strip();
        return all.length() <= 6000 ? all : "..." + all.substring(all.length() - 6000);
    }

    /** 32 random bytes as hex: a password, an HMAC key or a token. */
    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
