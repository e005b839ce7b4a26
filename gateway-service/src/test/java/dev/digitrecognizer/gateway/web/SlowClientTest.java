package dev.digitrecognizer.gateway.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.RawHttp;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import dev.digitrecognizer.gateway.config.GatewayConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that send their body slowly hold connections, not worker threads: with more of them
 * than workers, predictions still succeed, and each slow client gets 408 and is closed.
 */
@QuarkusTest
@TestProfile(SlowClientTest.FewWorkers.class)
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
class SlowClientTest {
    private static final int WORKERS = 8;
    private static final int SLOW_CLIENTS = WORKERS + 4;
    /** Over quarkus.rest.input-buffer-size (10k), past which RESTEasy would block a worker reading. */
    private static final int DECLARED_LENGTH = 50_000;

    public static class FewWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.body-timeout", "2s", "quarkus.thread-pool.max-threads", "" + WORKERS);
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    GatewayConfig config;

    @Test
    @Timeout(120)
    void slowBodiesGet408WhilePredictionsStillSucceed() throws IOException {
        String image = Images.dataUrl(Drawings.bar());
        predict(image);
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = RawHttp.open(base);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + DECLARED_LENGTH + "\r\n\r\n{\"image\": \"")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[DECLARED_LENGTH / 4]);
                out.flush();
                slow.add(socket);
            }
            for (int i = 0; i < 3; i++) {
                predict(image);
            }
            for (Socket socket : slow) {
                String response = RawHttp.readToEnd(socket);
                assertTrue(response.startsWith("HTTP/1.1 408"), response);
                String lower = response.toLowerCase(Locale.ROOT);
                assertTrue(lower.contains("content-type: application/problem+json"), response);
                assertTrue(lower.contains("connection: close"), response);
                assertTrue(response.contains("\"urn:digit-recognizer:problem:request-timeout\""), response);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    @Timeout(120)
    void aChunkedBodyOverTheLimitGets413AndIsClosed() throws IOException {
        try (Socket socket = RawHttp.open(base)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            long sent = 0;
            while (sent <= config.maxBodyBytes()) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                sent += chunk.length;
            }
            out.flush();
            String response = RawHttp.readToEnd(socket);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.toLowerCase(Locale.ROOT).contains("connection: close"), response);
            assertTrue(response.contains("\"urn:digit-recognizer:problem:too-large\""), response);
        }
    }

    private static void predict(String image) {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", image))
                .when()
                .post("/api/v1/predict")
                .then()
                .statusCode(200);
    }
}
