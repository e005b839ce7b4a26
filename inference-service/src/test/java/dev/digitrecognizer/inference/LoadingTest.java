package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.equalTo;

import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Until every model is loaded and warmed up, the server says it is not ready. */
@QuarkusTest
@TestProfile(LoadingTest.EndlessWarmUp.class)
class LoadingTest {

    public static class EndlessWarmUp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("inference.warmup-runs", String.valueOf(Integer.MAX_VALUE));
        }
    }

    @Test
    void reportsNotReadyWhileWarmingUp() {
        when().get("/v2/health/ready").then().statusCode(503).body("error", equalTo("models are still loading"));
        when().get("/q/health/ready").then().statusCode(503);
        when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void answersServiceUnavailableToInferWhileLoading() {
        String model = ServedModels.digitModels().get(0);
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .when()
                .post("/v2/models/{name}/infer", model)
                .then()
                .statusCode(503)
                .body("error", equalTo("model '" + model + "' is still loading"));
    }
}
