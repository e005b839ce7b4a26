package dev.digitrecognizer.deploy.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real Docker engine, through its command-line client. Every container and network a test
 * starts carries {@link #LABEL} (so that leftovers can be found) and a label of its test class,
 * which {@link #removeLabelled(String)} takes away, failed tests included; the compose stack is
 * removed by {@code compose down}.
 * The images are built once per test run from the repository's own Dockerfiles, through the
 * compose file, exactly as {@code docker compose build} builds them for a user.
 */
public final class Docker {
    /** Marks what the tests start; nothing else is ever removed. */
    public static final String LABEL = "dev.digitrecognizer.test=true";

    /** The images compose builds, by service. */
    public static final Map<String, String> IMAGES = Map.of(
            "inference", "digit-recognizer/inference:1.0.0-SNAPSHOT",
            "gateway", "digit-recognizer/gateway:1.0.0-SNAPSHOT",
            "frontend", "digit-recognizer/frontend:1.0.0-SNAPSHOT",
            "prometheus", "digit-recognizer/prometheus:1.0.0-SNAPSHOT",
            "postgres", "digit-recognizer/postgres:1.0.0-SNAPSHOT");

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static boolean built;

    private Docker() {}

    /** Fails with the one line that says what to do when no engine answers. */
    public static void requireEngine() {
        if (!Processes.onPath("docker")) {
            fail("docker is not installed: ./test.sh installs Debian's docker.io, or apt-get install docker.io");
        }
        Processes.Result info = Processes.run(
                List.of("docker", "info", "--format", "{{.ServerVersion}}"), Map.of(), null, Duration.ofSeconds(20));
        if (info.exitCode() != 0) {
            fail("no Docker engine answers (" + info.stderr().strip() + "); start one as root: dockerd &");
        }
    }

    /** Builds every image of the compose file once per test run (later calls return at once). */
    public static synchronized void buildImages() {
        requireEngine();
        if (built) {
            return;
        }
        if (!ok(List.of("docker", "image", "inspect", "debian:bookworm-slim"))) {
            fail("the base image debian:bookworm-slim is missing: run deploy/base-image.sh (as root) once");
        }
        for (String service : List.of("inference", "gateway")) {
            if (!java.nio.file.Files.isRegularFile(
                    Repo.path(service + "-service/target/quarkus-app/quarkus-run.jar"))) {
                fail(service + " is not packaged: mvn -pl " + service + "-service -am package -DskipTests");
            }
        }
        List<String> build = new ArrayList<>(Compose.command("digit-recognizer-build"));
        build.addAll(List.of("build", "inference", "gateway", "frontend", "prometheus", "postgres"));
        Processes.Result result = Processes.run(build, Map.of(), null, Duration.ofMinutes(15));
        if (result.exitCode() != 0) {
            fail("docker compose build failed:\n" + tail(result.stdout() + result.stderr()));
        }
        built = true;
    }

    /** Runs {@code docker ARGS}, failing the test with its output when it does not succeed. */
    public static String run(String... args) {
        Processes.Result result = exec(args);
        if (result.exitCode() != 0) {
            fail("docker " + String.join(" ", args) + " failed: " + tail(result.stderr() + result.stdout()));
        }
        return result.stdout().strip();
    }

    /** Runs {@code docker ARGS} and returns its result, whatever it is. */
    public static Processes.Result exec(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return Processes.run(command, Map.of(), null, COMMAND_TIMEOUT);
    }

    /**
     * Removes the containers and networks that carry {@code label}: given a label of its own that a
     * test class puts beside {@link #LABEL}, what that class started, leaving the containers of
     * tests that run at the same time alone.
     */
    public static void removeLabelled(String label) {
        String containers =
                exec("ps", "-aq", "--filter", "label=" + label).stdout().strip();
        if (!containers.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
            rm.addAll(List.of(containers.split("\\s+")));
            exec(rm.toArray(String[]::new));
        }
        String networks = exec("network", "ls", "-q", "--filter", "label=" + label)
                .stdout()
                .strip();
        for (String network : networks.isEmpty() ? new String[0] : networks.split("\\s+")) {
            exec("network", "rm", network);
        }
    }

    /** Whether {@code docker run} failed because a published port was taken meanwhile. */
    public static boolean portTaken(Processes.Result run) {
        String error = run.stderr();
        return run.exitCode() != 0
                && (error.contains("port is already allocated") || error.contains("address already in use"));
    }

    private static boolean ok(List<String> command) {
        return Processes.run(command, Map.of(), null, COMMAND_TIMEOUT).exitCode() == 0;
    }

    static String tail(String output) {
        String trimmed = output.strip();
        return trimmed.length() <= 4000 ? trimmed : "..." + trimmed.substring(trimmed.length() - 4000);
    }
}
