package dev.digitrecognizer.inference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.http.Refusal;
import dev.digitrecognizer.http.ServiceEdge;
import java.util.Locale;

/** This service as the edge checks address it: its infer route, and refusals in the protocol's {"error"}. */
final class InferenceEdge {
    static final ServiceEdge SERVICE = new ServiceEdge(
            "/v2/models/" + ServedModels.digitModels().get(0) + "/infer",
            "/v2/health/live",
            InferenceEdge::assertError);

    private InferenceEdge() {}

    private static void assertError(String response, Refusal.Kind kind) {
        assertTrue(response.toLowerCase(Locale.ROOT).contains("content-type: application/json"), response);
        assertTrue(response.contains("{\"error\":\"The request"), response);
    }
}
