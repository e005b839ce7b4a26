package dev.digitrecognizer.gateway.feedback;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL, Debian's package, in a scratch data directory on a free port of 127.0.0.1,
 * with a password: started for the gateway as nginx is for the system tests, and stopped and
 * started again by tests that take it away. As root, its programs run as the postgres user, as
 * PostgreSQL refuses to run as root.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    static final String USER = "feedback";
    static final String PASSWORD = "a-test-password";

    private static Path bin;
    private static Path data;
    private static int port;

    @Override
    public Map<String, String> start() {
        try {
            bin = binaries();
            data = Files.createTempDirectory("feedback-postgres");
            Path password = data.resolve("password");
            Files.writeString(password, PASSWORD);
            Path cluster = data.resolve("cluster");
            if (root()) {
                run(List.of("chown", "-R", "postgres:postgres", data.toString()));
            }
            run(asPostgres(List.of(
                    bin.resolve("initdb").toString(),
                    "-D",
                    cluster.toString(),
                    "-U",
                    USER,
                    "--pwfile=" + password,
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--no-sync")));
            port = freePort();
            startServer();
            try (Connection connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD)) {
                connection.createStatement().execute("CREATE DATABASE feedback");
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
        return Map.of(
                "gateway.feedback.db.url", url("feedback"),
                "gateway.feedback.db.username", USER,
                "gateway.feedback.db.password", PASSWORD);
    }

    static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Starts the server on its data directory and port, and waits until it takes connections. */
    static void startServer() throws IOException {
        Path cluster = data.resolve("cluster");
        run(asPostgres(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                cluster.toString(),
                "-l",
                data.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "start")));
    }

    /** Stops the server at once, dropping the gateway's connections (fast shutdown). */
    static void stopServer() throws IOException {
        run(asPostgres(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.resolve("cluster").toString(),
                "-m",
                "fast",
                "-w",
                "stop")));
    }

    @Override
    public void stop() {
        try {
            stopServer();
        } catch (IOException | RuntimeException e) {
            // already stopped
        }
    }

    private static Path binaries() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            throw new IllegalStateException("PostgreSQL is not installed; on Debian: apt-get install -y postgresql");
        }
        try (Stream<Path> found = Files.list(versions)) {
            return found.map(version -> version.resolve("bin"))
                    .filter(dir -> Files.isExecutable(dir.resolve("initdb")))
                    .max(Comparator.comparing(dir ->
                            Integer.parseInt(dir.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no initdb under /usr/lib/postgresql"));
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(List<String> command) {
        if (!root()) {
            return command;
        }
        List<String> as = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        as.addAll(command);
        return as;
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(Duration.ofSeconds(90).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(command.size() - 1) + " took over 90 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** A free port under 32768, where no client socket of this machine's ephemeral range can hold it. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
