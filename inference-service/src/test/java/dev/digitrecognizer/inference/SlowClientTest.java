package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.RawHttp;
import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
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
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that send their body slowly hold connections, not worker threads: with more of them
 * than workers, inference still succeeds, and each slow client gets 408 and is closed.
 */
@QuarkusTest
@TestProfile(SlowClientTest.FewWorkers.class)
@ExtendWith(AwaitReady.class)
class SlowClientTest {
    private static final String MODEL = ServedModels.names().get(0);
    private static final int WORKERS = 8;
    private static final int SLOW_CLIENTS = WORKERS + 4;
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Over quarkus.rest.input-buffer-size (10k), past which RESTEasy would block a worker reading. */
    private static final int DECLARED_LENGTH = 50_000;

    public static class FewWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "inference.body-timeout",
                    "2s",
                    "quarkus.thread-pool.max-threads",
                    "" + WORKERS,
                    "quarkus.http.limits.max-body-size",
                    "1M");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    @Timeout(120)
    void slowBodiesGet408WhileInferenceStillSucceeds() throws IOException {
        infer();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = RawHttp.open(base);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v2/models/" + MODEL + "/infer HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Type: application/json\r\nContent-Length: " + DECLARED_LENGTH
                                + "\r\n\r\n{\"inputs\": [")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(" ".repeat(DECLARED_LENGTH / 4).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            for (int i = 0; i < 3; i++) {
                infer();
            }
            for (Socket socket : slow) {
                String response = RawHttp.readToEnd(socket);
                assertTrue(response.startsWith("HTTP/1.1 408"), response);
                String lower = response.toLowerCase(Locale.ROOT);
                assertTrue(lower.contains("content-type: application/json"), response);
                assertTrue(lower.contains("connection: close"), response);
                assertTrue(
                        response.contains("{\"error\":\"The request body did not arrive within 2 seconds"), response);
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
            out.write(("POST /v2/models/" + MODEL + "/infer HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            long sent = 0;
            while (sent <= MAX_BODY_BYTES) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                sent += chunk.length;
            }
            out.flush();
            String response = RawHttp.readToEnd(socket);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.toLowerCase(Locale.ROOT).contains("connection: close"), response);
            assertTrue(
                    response.contains("{\"error\":\"The request body is over " + MAX_BODY_BYTES + " bytes.\"}"),
                    response);
        }
    }

    private static void infer() {
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .when()
                .post("/v2/models/{name}/infer", MODEL)
                .then()
                .statusCode(200);
    }
}
