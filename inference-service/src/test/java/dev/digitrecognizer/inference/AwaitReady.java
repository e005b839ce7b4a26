package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.get;

import io.restassured.response.Response;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Models load in the background after start-up, so a test that needs them served declares
 * {@code @ExtendWith(AwaitReady.class)} after {@code @QuarkusTest}: before each test, once
 * Quarkus has started and pointed rest-assured at it, this waits until {@code /v2/health/ready}
 * no longer says the models are loading: it answers 200, or 503 for a model that failed to load.
 */
public final class AwaitReady implements BeforeEachCallback {
    private static final long TIMEOUT_NANOS = 60_000_000_000L;

    @Override
    public void beforeEach(ExtensionContext context) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (loading()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("inference-service did not become ready within 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** Anything but the protocol's own answer (a freshly restarted app's router, say) counts as still loading. */
    private static boolean loading() {
        Response ready = get("/v2/health/ready");
        if (ready.statusCode() == 200) {
            return false;
        }
        boolean protocolError = ready.statusCode() == 503
                && ready.contentType().startsWith("application/json")
                && ready.path("error") != null;
        return !protocolError || "models are still loading".equals(ready.path("error"));
    }
}
