package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.get;

/** Models load in the background after start-up; tests that infer wait for them. */
final class Readiness {
    private Readiness() {
    }

    static void await() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (get("/v2/health/ready").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("inference-service did not become ready within 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
