package dev.digitrecognizer.gateway.api;

import static io.restassured.RestAssured.given;
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
import org.junit.jupiter.api.Test;

/** Nothing listens where the inference service should be: retries, then 503 quickly; the breaker opens. */
@QuarkusTest
@TestProfile(InferenceDownTest.NothingListening.class)
class InferenceDownTest {

    public static class NothingListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.rest-client.inference.url",
                    "http://localhost:" + dev.digitrecognizer.gateway.InferenceServiceResource.freePort());
        }
    }

    @Test
    void answersServiceUnavailableFastEvenWhenRepeated() {
        BufferedImage image = Drawings.bar();
        for (int i = 0; i < 12; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("image", Images.dataUrl(image)))
                    .when()
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(503)
                    .body("type", equalTo("urn:digit-recognizer:problem:inference-unavailable"))
                    .time(lessThan(2000L));
        }
    }
}
