package dev.digitrecognizer.gateway.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.http.Refusal;
import dev.digitrecognizer.http.ServiceEdge;
import java.util.Locale;
import java.util.Map;

/** This service as the edge checks address it: its predict route, and refusals as problems. */
final class GatewayEdge {
    static final ServiceEdge SERVICE = new ServiceEdge("/api/v1/predict", "/api/v1/models", GatewayEdge::assertProblem);

    /** The problem types a client may rely on, spelled out rather than read from Refusal.Kind. */
    private static final Map<Refusal.Kind, String> TYPES = Map.of(
            Refusal.Kind.BAD_FRAMING, "bad-framing",
            Refusal.Kind.REQUEST_TIMEOUT, "request-timeout",
            Refusal.Kind.TOO_LARGE, "too-large",
            Refusal.Kind.URI_TOO_LONG, "uri-too-long",
            Refusal.Kind.HEADERS_TOO_LARGE, "headers-too-large");

    private GatewayEdge() {}

    private static void assertProblem(String response, Refusal.Kind kind) {
        assertTrue(response.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"), response);
        assertTrue(response.contains("\"type\":\"urn:digit-recognizer:problem:" + TYPES.get(kind) + "\""), response);
        assertTrue(response.contains("\"detail\":\"The request"), response);
    }
}
