package dev.digitrecognizer.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.digitrecognizer.deploy.support.Nginx;
import dev.digitrecognizer.deploy.support.Repo;
import dev.digitrecognizer.deploy.support.Yaml;
import dev.digitrecognizer.fixtures.RawHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/nginx/default.conf.template served by a real nginx: static files with their cache and
 * security headers, gzip, the /api/ proxy to a stub gateway, the body limit and nginx's own
 * problem+json errors. Needs Debian's nginx and envsubst (apt-get install -y nginx-core gettext-base).
 */
class NginxConfigTest {

    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @TempDir
    static Path scratch;

    static HttpServer gateway;
    static final AtomicReference<Recorded> lastApiRequest = new AtomicReference<>();
    static Nginx nginx;
    static Nginx nginxWithoutGateway;
    static final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    record Recorded(String method, String uri, long bodyBytes, Map<String, List<String>> headers) {}

    @BeforeAll
    static void startNginxInFrontOfAStubGateway() throws IOException {
        Nginx.requireInstalled();
        Path root = scratch.resolve("html");
        Files.createDirectories(root.resolve("js"));
        Files.createDirectories(root.resolve("css"));
        Files.writeString(root.resolve("index.html"), "<!doctype html><title>digit-recognizer</title>\n".repeat(20));
        Files.writeString(
                root.resolve("js/app.js"),
                "export function predict() { return fetch('/api/v1/predict'); }\n".repeat(50));
        Files.writeString(root.resolve("css/style.css"), "body { margin: 0; font-family: sans-serif; }\n".repeat(50));
        Files.writeString(
                root.resolve("favicon.svg"),
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- " + "x".repeat(600) + " --></svg>\n");
        Files.writeString(root.resolve(".env"), "SECRET=1\n");

        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            long bytes;
            try (InputStream body = exchange.getRequestBody()) {
                bytes = body.transferTo(java.io.OutputStream.nullOutputStream());
            }
            lastApiRequest.set(new Recorded(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    bytes,
                    Map.copyOf(exchange.getRequestHeaders())));
            byte[] answer = "{\"model\":\"cnn\",\"digit\":7}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        gateway.start();

        nginx = Nginx.start(
                scratch.resolve("nginx"),
                "http://127.0.0.1:" + gateway.getAddress().getPort(),
                root);
        int closedPort = Nginx.freePort();
        nginxWithoutGateway = Nginx.start(scratch.resolve("nginx-no-gateway"), "http://127.0.0.1:" + closedPort, root);
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (nginxWithoutGateway != null) {
            nginxWithoutGateway.close();
        }
        if (gateway != null) {
            gateway.stop(0);
        }
    }

    static Set<String> placeholders() {
        Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(Repo.read("deploy/nginx/default.conf.template"));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static HttpResponse<byte[]> get(Nginx server, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> post(Nginx server, String path, byte[] body, String contentType)
            throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void theTemplateSubstitutesOnlyTheThreeDocumentedVariables() {
        assertEquals(new TreeSet<>(Nginx.VARIABLES), placeholders());
        String rendered = Nginx.render("http://gateway:8080", Path.of("/usr/share/nginx/html"), 8080);
        assertFalse(rendered.contains("${"), "unrendered placeholder left");
        assertTrue(
                rendered.contains("$uri") && rendered.contains("$host"), "nginx's own variables must survive envsubst");
        assertTrue(
                rendered.contains("proxy_pass http://gateway:8080;"),
                "proxy_pass without a URI part keeps /api/... intact");
    }

    @Test
    void slowClientsAreBufferedAndTimedOutByNginxNotTheGateway() {
        String template = Repo.read("deploy/nginx/default.conf.template");
        assertTrue(
                template.contains("proxy_request_buffering on;"),
                "uploads are read whole before the gateway sees them");
        assertFalse(template.contains("proxy_request_buffering off;"), "uploads must not stream to the gateway");
        assertTrue(template.contains("client_body_timeout 10s;"), "a stalled body is timed out");
        assertTrue(template.contains("client_header_timeout 10s;"), "stalled headers are timed out");
        assertTrue(template.contains("error_page 408 @request_timeout;"), "a timeout is answered as problem+json");
        assertTrue(
                template.contains("urn:digit-recognizer:problem:request-timeout"),
                "the @request_timeout location answers problem+json");
    }

    /**
     * nginx closes a connection whose body stalls past client_body_timeout without writing the
     * 408 (it marks the connection timed out, so error_page 408 is not sent); what matters is that
     * the partial request never reaches the gateway.
     */
    @Test
    void aStalledBodyIsClosedByNginxAndNeverReachesTheGateway() throws Exception {
        lastApiRequest.set(null);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", nginx.port())) {
            socket.setSoTimeout(60_000); // hang guard only; client_body_timeout is 10 s
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 50000\r\n\r\n{\"image\": \"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(
                    response.isEmpty() || response.startsWith("HTTP/1.1 408"),
                    "closed, or answered 408, but nothing else: " + response);
        }
        assertEquals(null, lastApiRequest.get(), "nginx must not pass a partial body on to the gateway");
    }

    @Test
    void theHealthCheckAnswersWithoutTheGateway() throws Exception {
        HttpResponse<byte[]> response = get(nginxWithoutGateway, "/healthz");
        assertEquals(200, response.statusCode());
    }

    @Test
    void thePageIsServedAndRevalidatedOnEveryLoad() throws Exception {
        for (String path : List.of("/", "/index.html")) {
            HttpResponse<byte[]> response = get(nginx, path);
            assertEquals(200, response.statusCode(), path);
            assertTrue(header(response, "Content-Type").startsWith("text/html"), path);
            assertEquals("no-cache", header(response, "Cache-Control"), path);
        }
    }

    @Test
    void scriptsStylesAndIconsAreCachedForAnHour() throws Exception {
        for (String path : List.of("/js/app.js", "/css/style.css", "/favicon.svg")) {
            HttpResponse<byte[]> response = get(nginx, path);
            assertEquals(200, response.statusCode(), path);
            assertEquals("public, max-age=3600", header(response, "Cache-Control"), path);
        }
    }

    @Test
    void textAssetsAreGzippedForClientsThatAcceptIt() throws Exception {
        Map<String, String> types = Map.of(
                "/js/app.js", "application/javascript",
                "/css/style.css", "text/css",
                "/favicon.svg", "image/svg+xml",
                "/index.html", "text/html");
        for (Map.Entry<String, String> entry : types.entrySet()) {
            HttpResponse<byte[]> response = get(nginx, entry.getKey(), "Accept-Encoding", "gzip");
            assertEquals("gzip", header(response, "Content-Encoding"), entry.getKey());
            assertTrue(
                    header(response, "Content-Type").startsWith(entry.getValue()),
                    entry.getKey() + ": " + header(response, "Content-Type"));
            byte[] plain = Files.readAllBytes(scratch.resolve("html" + entry.getKey()));
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
                assertArrayEquals(plain, in.readAllBytes(), entry.getKey());
            }
        }
    }

    @Test
    void everyKindOfResponseCarriesTheSecurityHeaders() throws Exception {
        List<HttpResponse<byte[]>> responses = List.of(
                get(nginx, "/"),
                get(nginx, "/js/app.js"),
                get(nginx, "/no-such-page"),
                get(nginx, "/api/v1/models"),
                get(nginxWithoutGateway, "/api/v1/models"));
        for (HttpResponse<byte[]> response : responses) {
            String where = response.request().uri() + " (" + response.statusCode() + ")";
            assertEquals(CSP, header(response, "Content-Security-Policy"), where);
            assertEquals("nosniff", header(response, "X-Content-Type-Options"), where);
            assertEquals("DENY", header(response, "X-Frame-Options"), where);
            assertEquals("no-referrer", header(response, "Referrer-Policy"), where);
            assertTrue(
                    header(response, "Permissions-Policy") != null
                            && header(response, "Permissions-Policy").contains("camera=()"),
                    where);
            assertFalse(header(response, "Server").matches(".*\\d.*"), where + ": Server header reveals the version");
        }
    }

    @Test
    void apiRequestsReachTheGatewayUnchanged() throws Exception {
        byte[] body = "{\"image\":\"data:image/png;base64,AAAA\",\"model\":\"cnn\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = post(nginx, "/api/v1/predict?model=cnn", body, "application/json");
        assertEquals(200, response.statusCode());
        assertEquals("{\"model\":\"cnn\",\"digit\":7}", new String(response.body(), StandardCharsets.UTF_8));
        Recorded seen = lastApiRequest.get();
        assertEquals("POST", seen.method());
        assertEquals("/api/v1/predict?model=cnn", seen.uri());
        assertEquals(body.length, seen.bodyBytes());
        assertEquals(List.of("127.0.0.1"), seen.headers().get("X-forwarded-for"));
    }

    /** client_max_body_size as written in the template, e.g. "7m". */
    static String bodyLimit() {
        Matcher m = Pattern.compile("(?m)^\\s*client_max_body_size\\s+(\\d+[km]?);")
                .matcher(Repo.read("deploy/nginx/default.conf.template"));
        assertTrue(m.find(), "no client_max_body_size");
        return m.group(1);
    }

    static long bodyLimitBytes() {
        String limit = bodyLimit();
        long n = Long.parseLong(limit.replaceAll("[km]$", ""));
        return limit.endsWith("m") ? n << 20 : limit.endsWith("k") ? n << 10 : n;
    }

    @Test
    void aFiveMebibyteImageAsBase64JsonStillReachesTheGateway() throws Exception {
        // 5 MiB of image bytes is 6.67 MiB of base64, plus the JSON around it
        int base64Length = (5 * 1024 * 1024 + 2) / 3 * 4;
        byte[] body = ("{\"model\":\"cnn\",\"image\":\"" + "A".repeat(base64Length) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        HttpResponse<byte[]> response = post(nginx, "/api/v1/predict", body, "application/json");
        assertEquals(
                200, response.statusCode(), "the gateway, not nginx, should judge bodies near its 5 MiB image limit");
        assertEquals(body.length, lastApiRequest.get().bodyBytes());
    }

    @Test
    void aBodyOverTheLimitIsRejectedAsProblemJson() throws Exception {
        HttpResponse<byte[]> response =
                post(nginx, "/api/v1/predict", new byte[(int) bodyLimitBytes() + 1], "image/png");
        assertEquals(413, response.statusCode());
        assertEquals("application/problem+json", header(response, "Content-Type"));
        JsonNode problem = Yaml.json(new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(
                "urn:digit-recognizer:problem:too-large", problem.path("type").asText());
        assertEquals(413, problem.path("status").asInt());
        assertFalse(problem.path("detail").asText().isBlank());
    }

    /** Requests nginx refuses before routing them answer with the gateway's problem types too. */
    @Test
    void requestsNginxCannotParseAreProblemJson() throws Exception {
        java.net.URL base = new java.net.URL("http://127.0.0.1:" + nginx.port() + "/");
        assertNginxProblem(RawHttp.exchange(base, "GARBAGE\r\n\r\n"), 400, "bad-framing");
        assertNginxProblem(
                RawHttp.exchange(
                        base, "GET /api/v1/models?q=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                414,
                "uri-too-long");
        assertNginxProblem(
                RawHttp.exchange(
                        base,
                        "GET /api/v1/models HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(10_000)
                                + "\r\nConnection: close\r\n\r\n"),
                431,
                "headers-too-large");
    }

    private static void assertNginxProblem(String received, int status, String type) {
        assertTrue(received.startsWith("HTTP/1.1 " + status + " "), received);
        assertTrue(
                received.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"),
                received);
        int body = received.indexOf("\r\n\r\n") + 4;
        JsonNode problem = Yaml.json(received.substring(body));
        assertEquals(
                "urn:digit-recognizer:problem:" + type, problem.path("type").asText());
        assertEquals(status, problem.path("status").asInt());
        assertFalse(problem.path("detail").asText().isBlank());
    }

    @Test
    void anUnreachableGatewayIsA503ProblemJsonWithRetryAfter() throws Exception {
        HttpResponse<byte[]> response =
                post(nginxWithoutGateway, "/api/v1/predict", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        assertEquals(503, response.statusCode());
        assertEquals("application/problem+json", header(response, "Content-Type"));
        assertEquals("1", header(response, "Retry-After"));
        assertEquals("DENY", header(response, "X-Frame-Options"), "the security headers stay on nginx's own errors");
        JsonNode problem = Yaml.json(new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(503, problem.path("status").asInt());
        assertFalse(problem.path("detail").asText().isBlank());
    }

    @Test
    void unknownPathsAreNotFoundRatherThanThePage() throws Exception {
        assertEquals(404, get(nginx, "/no-such-page").statusCode());
    }

    @Test
    void dotFilesAreNeverServed() throws Exception {
        assertEquals(404, get(nginx, "/.env").statusCode());
    }

    @Test
    void onlyApiPathsAreProxied() throws Exception {
        lastApiRequest.set(null);
        get(nginx, "/q/metrics");
        get(nginx, "/q/health/ready");
        assertEquals(null, lastApiRequest.get(), "the gateway's /q/ endpoints must not be reachable through nginx");
    }
}
