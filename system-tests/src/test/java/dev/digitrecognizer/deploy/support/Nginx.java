package dev.digitrecognizer.deploy.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real nginx (Debian's) running deploy/nginx/default.conf.template, rendered with envsubst the
 * way the image's entrypoint renders it, inside a minimal nginx.conf of our own: pid, logs and
 * temp files in a scratch directory, listening on a free port of 127.0.0.1.
 */
public final class Nginx implements AutoCloseable {

    /** The variables the image substitutes (deploy/frontend/Dockerfile, NGINX_ENVSUBST_FILTER). */
    public static final List<String> VARIABLES = List.of("GATEWAY_URL", "FRONTEND_ROOT", "LISTEN_PORT");

    private final Path dir;
    private final int port;
    private final Process process;

    private Nginx(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static void requireInstalled() {
        for (String tool : List.of("nginx", "envsubst")) {
            if (!Processes.onPath(tool)) {
                throw new AssertionError(
                        tool + " is not installed; on Debian: apt-get install -y nginx-core gettext-base");
            }
        }
    }

    /** The template rendered by envsubst, substituting only {@link #VARIABLES}. */
    public static String render(String gatewayUrl, Path root, int port) {
        String shellFormat =
                String.join(" ", VARIABLES.stream().map(v -> "${" + v + "}").toList());
        Processes.Result result = Processes.run(
                List.of(Processes.resolve("envsubst"), shellFormat),
                Map.of(
                        "GATEWAY_URL",
                        gatewayUrl,
                        "FRONTEND_ROOT",
                        root.toString(),
                        "LISTEN_PORT",
                        String.valueOf(port)),
                Repo.read("deploy/nginx/default.conf.template"),
                Duration.ofSeconds(10));
        if (result.exitCode() != 0) {
            throw new AssertionError("envsubst failed: " + result.stderr());
        }
        return result.stdout();
    }

    /** Writes the configuration into dir; returns the main nginx.conf. */
    public static Path configure(Path dir, String gatewayUrl, Path root, int port) throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("default.conf"), render(gatewayUrl, root, port));
        String mimeTypes =
                Files.isRegularFile(Path.of("/etc/nginx/mime.types")) ? "include /etc/nginx/mime.types;" : "";
        boolean root0 = "root".equals(System.getProperty("user.name"));
        String conf = String.join(
                "\n",
                // as root, nginx would switch its workers to "nobody", who cannot read the scratch dir
                root0 ? "user root;" : "",
                "worker_processes 1;",
                "daemon off;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("logs/error.log") + " warn;",
                "events { worker_connections 64; }",
                "http {",
                "  " + mimeTypes,
                "  default_type application/octet-stream;",
                "  access_log " + dir.resolve("logs/access.log") + ";",
                "  client_body_temp_path " + dir.resolve("client_temp") + ";",
                "  proxy_temp_path " + dir.resolve("proxy_temp") + ";",
                "  fastcgi_temp_path " + dir.resolve("fastcgi_temp") + ";",
                "  uwsgi_temp_path " + dir.resolve("uwsgi_temp") + ";",
                "  scgi_temp_path " + dir.resolve("scgi_temp") + ";",
                "  include " + dir.resolve("default.conf") + ";",
                "}",
                "");
        Path nginxConf = dir.resolve("nginx.conf");
        Files.writeString(nginxConf, conf);
        return nginxConf;
    }

    /** `nginx -t` on a configuration. */
    public static Processes.Result test(Path dir, Path nginxConf) {
        return Processes.run(
                List.of(
                        Processes.resolve("nginx"),
                        "-t",
                        "-e",
                        dir.resolve("logs/error.log").toString(),
                        "-p",
                        dir.toString(),
                        "-c",
                        nginxConf.toString()),
                Map.of(),
                null,
                Duration.ofSeconds(20));
    }

    public static Nginx start(Path dir, String gatewayUrl, Path root) throws IOException {
        int port = freePort();
        Path nginxConf = configure(dir, gatewayUrl, root, port);
        Processes.Result check = test(dir, nginxConf);
        if (check.exitCode() != 0) {
            throw new AssertionError("nginx -t rejects the rendered config:\n" + check.stderr());
        }
        Process process = new ProcessBuilder(
                        Processes.resolve("nginx"),
                        "-e",
                        dir.resolve("logs/error.log").toString(),
                        "-p",
                        dir.toString(),
                        "-c",
                        nginxConf.toString())
                .redirectOutput(dir.resolve("logs/stdout.log").toFile())
                .redirectError(dir.resolve("logs/stderr.log").toFile())
                .start();
        Nginx nginx = new Nginx(dir, port, process);
        nginx.awaitListening();
        return nginx;
    }

    public int port() {
        return port;
    }

    public String errorLog() {
        try {
            return Files.readString(dir.resolve("logs/error.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("nginx exited with " + process.exitValue() + ":\n" + errorLog());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new AssertionError("nginx did not listen on " + port + " within 15 s:\n" + errorLog());
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: nginx's fast shutdown, master and worker
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A port free on loopback, below the kernel's ephemeral range (32768 and up), so that no
     * client socket of this machine can be holding it when a server binds it.
     */
    public static int freePort() {
        java.util.random.RandomGenerator random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000 on loopback");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
