package dev.digitrecognizer.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.RawHttp;
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
 * Clients that send their body slowly hold connections, not worker threads: with more of them than
 * workers, ordinary requests still succeed, and each slow client gets 408 and is closed. Each
 * service's SlowClientTest runs these against itself, under {@link #fewWorkers}.
 */
public abstract class SlowClientChecks {
    private static final int WORKERS = 8;
    private static final int SLOW_CLIENTS = WORKERS + 4;
    /** Over quarkus.rest.input-buffer-size (10k), past which RESTEasy would block a worker reading. */
    private static final int DECLARED_LENGTH = 50_000;

    private final ServiceEdge service;

    protected SlowClientChecks(ServiceEdge service) {
        this.service = service;
    }

    /** The config these checks need: a body timeout of 2 seconds, under the service's key, and few workers. */
    protected static Map<String, String> fewWorkers(String bodyTimeoutKey) {
        return Map.of(bodyTimeoutKey, "2s", "quarkus.thread-pool.max-threads", "" + WORKERS);
    }

    /** The running service's root, which Quarkus injects into the subclass. */
    protected abstract URL base();

    /** The service's body size limit. */
    protected abstract long maxBodyBytes();

    /** Sends one ordinary request to {@link ServiceEdge#postPath} and asserts that it succeeds. */
    protected abstract void sendAnOrdinaryRequest();

    @Test
    @Timeout(120)
    void slowBodiesGet408WhileOrdinaryRequestsStillSucceed() throws IOException {
        sendAnOrdinaryRequest();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = RawHttp.open(base());
                OutputStream out = socket.getOutputStream();
                out.write(head("Content-Length: " + DECLARED_LENGTH));
                out.write(" ".repeat(DECLARED_LENGTH / 4).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            for (int i = 0; i < 3; i++) {
                sendAnOrdinaryRequest();
            }
            for (Socket socket : slow) {
                String response = RawHttp.readToEnd(socket);
                assertTrue(response.startsWith("HTTP/1.1 408"), response);
                assertTrue(response.toLowerCase(Locale.ROOT).contains("connection: close"), response);
                assertTrue(response.contains("did not arrive within 2 seconds"), response);
                service.wording().assertRefusal(response, Refusal.Kind.REQUEST_TIMEOUT);
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
        try (Socket socket = RawHttp.open(base())) {
            OutputStream out = socket.getOutputStream();
            out.write(head("Transfer-Encoding: chunked"));
            byte[] chunk = new byte[16 * 1024];
            long sent = 0;
            while (sent <= maxBodyBytes()) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                sent += chunk.length;
            }
            out.flush();
            String response = RawHttp.readToEnd(socket);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.toLowerCase(Locale.ROOT).contains("connection: close"), response);
            assertTrue(response.contains("The request body is over " + maxBodyBytes() + " bytes"), response);
            service.wording().assertRefusal(response, Refusal.Kind.TOO_LARGE);
        }
    }

    /** The head of a JSON POST to the service, with the given framing header. */
    private byte[] head(String framing) {
        return ("POST " + service.postPath() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + framing + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
