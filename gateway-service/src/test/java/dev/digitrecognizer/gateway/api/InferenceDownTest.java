package dev.digitrecognizer.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.Drawings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Nothing listens where the inference service should be: retries, then 503; the breaker opens; not ready. */
@QuarkusTest
@TestProfile(InferenceDownTest.NothingListening.class)
class InferenceDownTest {

    public static class NothingListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.inference.transport",
                    "http",
                    "quarkus.rest-client.inference.url",
                    "http://localhost:" + dev.digitrecognizer.gateway.InferenceServiceResource.freePort());
        }
    }

    /**
     * The mechanism, not the clock: every request is a 503, the breaker opens, and once it is open
     * requests fail without trying, so there are far fewer attempts than the 3 per request
     * retries alone would make.
     */
    @Test
    void answersServiceUnavailableAndOpensTheBreakerInsteadOfRetryingEveryRequest() {
        BufferedImage image = Drawings.bar();
        double before = attempts();
        int requests = 12;
        for (int i = 0; i < requests; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("image", Images.dataUrl(image)))
                    .when()
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(503)
                    .body("type", equalTo("urn:digit-recognizer:problem:inference-unavailable"));
        }
        assertThat(metrics(), containsString("gateway_inference_circuit_open{model=\"cnn\"} 1.0"));
        assertThat(attempts() - before, lessThan(requests * 3.0 / 2));
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().extract().asString();
    }

    /** Failed attempts at cnn so far; the registry outlives restarts of the app between test classes. */
    private static double attempts() {
        Matcher attempts = Pattern.compile(
                        "gateway_inference_attempts_total\\{model=\"cnn\",outcome=\"unavailable\"} ([0-9.]+)")
                .matcher(metrics());
        return attempts.find() ? Double.parseDouble(attempts.group(1)) : 0;
    }

    @Test
    void isNotReadyWhileInferenceIsDownButStaysLive() {
        given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
