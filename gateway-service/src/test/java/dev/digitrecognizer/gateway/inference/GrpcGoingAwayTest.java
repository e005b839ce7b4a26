package dev.digitrecognizer.gateway.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.Drawings;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A replica that refuses calls because it is shutting down (UNAVAILABLE with the going-away
 * trailer) is a replica leaving, not the model down: the call is retried, and when no replica is
 * left the answer is 503 with Retry-After, but the breaker never opens.
 */
@QuarkusTest
@QuarkusTestResource(
        value = RefusingGrpcServer.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "trailer", value = "going-away"),
            @ResourceArg(name = "value", value = "shutting-down")
        })
class GrpcGoingAwayTest {

    @Test
    void aReplicaGoingAwayIsRetriedAndNeverOpensTheBreaker() {
        for (int i = 0; i < 3 * InferenceClient.REQUEST_VOLUME; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("image", Images.dataUrl(Drawings.bar()), "model", "scratch"))
                    .when()
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "1")
                    .body("type", equalTo("urn:digit-recognizer:problem:inference-unavailable"));
        }
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        assertThat(metrics, containsString("gateway_inference_circuit_open{model=\"scratch\"} 0.0"));
        assertThat(
                metrics,
                containsString("gateway_inference_attempts_total{model=\"scratch\",outcome=\"connection_lost\"}"));
    }
}
