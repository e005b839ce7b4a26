package dev.digitrecognizer.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Over gRPC as over REST: nothing listening is unavailability, 503, and the model's breaker opens. */
@QuarkusTest
@TestProfile(GrpcInferenceDownTest.NothingListening.class)
class GrpcInferenceDownTest {

    public static class NothingListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return InferenceServiceResource.withGrpcPort(
                    InferenceServiceResource.freePort(), Map.of("gateway.inference.transport", "grpc"));
        }
    }

    @Test
    void answersServiceUnavailableAndOpensTheBreaker() {
        for (int i = 0; i < 12; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("image", Images.dataUrl(Drawings.bar()), "model", "mlp"))
                    .when()
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(503)
                    .body("type", equalTo("urn:digit-recognizer:problem:inference-unavailable"));
        }
        assertThat(
                given().when().get("/q/metrics").then().extract().asString(),
                containsString("gateway_inference_circuit_open{model=\"mlp\"} 1.0"));
    }
}
