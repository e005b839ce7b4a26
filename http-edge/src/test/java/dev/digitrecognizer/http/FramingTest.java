package dev.digitrecognizer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FramingTest {
    private static Optional<Refusal.Kind> check(String uri, Map<String, String> headers) {
        return Framing.check("POST", uri, List.copyOf(headers.entrySet())).map(Refusal::kind);
    }

    @Test
    void anOrdinaryRequestPasses() {
        assertEquals(Optional.empty(), check("/api/v1/predict", Map.of("Host", "x", "Content-Length", "12")));
        assertEquals(Optional.empty(), check("/api/v1/predict", Map.of("Transfer-Encoding", " Chunked ")));
    }

    @Test
    void aTransferEncodingThatIsNotExactlyChunkedIsBadFraming() {
        for (String coding : List.of("xchunked", "gzip, chunked", "chunked, chunked", "chunked, gzip", "")) {
            assertEquals(
                    Optional.of(Refusal.Kind.BAD_FRAMING), check("/", Map.of("Transfer-Encoding", coding)), coding);
        }
    }

    @Test
    void chunkedWithALengthIsBadFraming() {
        assertEquals(
                Optional.of(Refusal.Kind.BAD_FRAMING),
                check("/", Map.of("transfer-encoding", "chunked", "content-length", "4")));
    }

    @Test
    void theRequestLineLimitCountsTheWholeLine() {
        int fits = Framing.MAX_REQUEST_LINE - "POST  HTTP/1.1".length();
        assertEquals(Optional.empty(), check("/" + "a".repeat(fits - 1), Map.of()));
        assertEquals(Optional.of(Refusal.Kind.URI_TOO_LONG), check("/" + "a".repeat(fits), Map.of()));
    }

    @Test
    void theHeaderLimitCountsEveryLine() {
        int fits = Framing.MAX_HEADER_BYTES - "X: \r\n".length();
        assertEquals(Optional.empty(), check("/", Map.of("X", "a".repeat(fits))));
        assertEquals(Optional.of(Refusal.Kind.HEADERS_TOO_LARGE), check("/", Map.of("X", "a".repeat(fits + 1))));
    }
}
