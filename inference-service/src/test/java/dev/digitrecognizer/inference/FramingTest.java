package dev.digitrecognizer.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests whose head is wrong get the protocol's {"error"} and their connection is closed, so
 * nothing pipelined behind a request whose body's end is in doubt is ever answered.
 */
@QuarkusTest
@Timeout(60)
class FramingTest {
    private static final String NEXT = "GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @TestHTTPResource("/")
    URL base;

    @Test
    void anUnknownTransferEncodingWithALengthIsRefusedAndWhatFollowsIsNotAnswered() {
        String received = RawHttp.exchange(
                base,
                "POST /v2/models/cnn/infer HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: xchunked\r\nContent-Length: 5\r\n\r\n{\"a\":" + NEXT);
        assertRefused(received, 400, "Transfer-Encoding");
    }

    /** Vert.x closes the connection on a broken chunk before a response can be written; nothing more is answered. */
    @Test
    void aBrokenChunkSizeClosesTheConnection() {
        String received = RawHttp.exchange(
                base,
                "POST /v2/models/cnn/infer HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n" + NEXT);
        assertEquals("", received);
    }

    @Test
    void anAddressOverTheLimitGets414WithAnError() {
        String received =
                RawHttp.exchange(base, "GET /v2/models/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertRefused(received, 414, "address is longer");
    }

    @Test
    void headersOverTheLimitGet431WithAnError() {
        String received = RawHttp.exchange(
                base, "GET /v2 HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(20_000) + "\r\n\r\n");
        assertRefused(received, 431, "headers are larger");
    }

    private static void assertRefused(String received, int status, String detail) {
        assertTrue(received.startsWith("HTTP/1.1 " + status + " "), received);
        assertEquals(1, RawHttp.responses(received), received);
        String lower = received.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("content-type: application/json"), received);
        assertTrue(lower.contains("connection: close"), received);
        assertTrue(received.contains("{\"error\":\"The request"), received);
        assertTrue(received.contains(detail), received);
    }
}
