package dev.digitrecognizer.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.gateway.SlowInferenceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An inference service that accepts connections but never answers within the request's budget: 503. */
@QuarkusTest
@QuarkusTestResource(value = SlowInferenceResource.class, restrictToAnnotatedClass = true)
class InferenceUnavailableTest {

    @Test
    void aSlowInferenceServiceGivesServiceUnavailableOnceTheBudgetIsSpent() {
        BufferedImage image = Drawings.bar();
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(image)))
                .when()
                .post("/api/v1/predict")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:digit-recognizer:problem:inference-unavailable"))
                .body("detail", equalTo("The recognition service is unavailable. Try again in a moment."));
    }

    @Test
    void modelCardsAreListedAsUnavailable() {
        given().when().get("/api/v1/models").then().statusCode(200).body("models[0].available", equalTo(false));
    }
}
