package dev.digitrecognizer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.RawHttp;
import java.net.URL;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests whose head is wrong get the service's refusal, with a body, and their connection is
 * closed, so nothing pipelined behind a request whose body's end is in doubt is ever answered. Each
 * service's FramingTest runs these against itself.
 */
@Timeout(60)
public abstract class FramingChecks {
    private final ServiceEdge service;

    protected FramingChecks(ServiceEdge service) {
        this.service = service;
    }

    /** The running service's root, which Quarkus injects into the subclass. */
    protected abstract URL base();

    @Test
    void anUnknownTransferEncodingWithALengthIsRefusedAndWhatFollowsIsNotAnswered() {
        String received =
                RawHttp.exchange(base(), post("Transfer-Encoding: xchunked\r\nContent-Length: 5\r\n\r\n{\"a\":"));
        assertRefused(received, 400, Refusal.Kind.BAD_FRAMING, "Transfer-Encoding");
    }

    /** Netty refuses this itself, with a bare 400 (Quarkus offers no hook for its body); nothing more is answered. */
    @Test
    void chunkedTogetherWithALengthIsRefused() {
        String received =
                RawHttp.exchange(base(), post("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n"));
        assertTrue(received.startsWith("HTTP/1.1 400 "), received);
        assertEquals(1, RawHttp.responses(received), received);
    }

    /** Vert.x closes the connection on a broken chunk before a response can be written; nothing more is answered. */
    @Test
    void aBrokenChunkSizeClosesTheConnection() {
        String received = RawHttp.exchange(base(), post("Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"));
        assertEquals("", received);
    }

    @Test
    void anAddressOverTheLimitGets414() {
        String received = RawHttp.exchange(
                base(),
                "GET " + service.getPath() + "?q=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertRefused(received, 414, Refusal.Kind.URI_TOO_LONG, "address is longer");
    }

    @Test
    void headersOverTheLimitGet431() {
        String received = RawHttp.exchange(
                base(),
                "GET " + service.getPath() + " HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(20_000)
                        + "\r\n\r\n");
        assertRefused(received, 431, Refusal.Kind.HEADERS_TOO_LARGE, "headers are larger");
    }

    /** A JSON POST to the service with the rest of its head and body as given, then a GET behind it. */
    private String post(String rest) {
        return "POST " + service.postPath() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + rest + "GET " + service.getPath() + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    private void assertRefused(String received, int status, Refusal.Kind kind, String sentence) {
        assertTrue(received.startsWith("HTTP/1.1 " + status + " "), received);
        assertEquals(1, RawHttp.responses(received), received);
        assertTrue(received.toLowerCase(Locale.ROOT).contains("connection: close"), received);
        assertTrue(received.contains(sentence), received);
        service.wording().assertRefusal(received, kind);
    }
}
