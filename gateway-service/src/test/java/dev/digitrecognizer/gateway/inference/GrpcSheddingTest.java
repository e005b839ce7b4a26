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
 * Over gRPC as over REST, shed load is passed on as overloaded with the service's own Retry-After
 * and never opens the breaker: a real gRPC server that answers every ModelInfer as inference
 * answers a full queue, UNAVAILABLE with a retry-after trailer.
 */
@QuarkusTest
@QuarkusTestResource(
        value = RefusingGrpcServer.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "trailer", value = "retry-after"),
            @ResourceArg(name = "value", value = GrpcSheddingTest.RETRY_AFTER)
        })
class GrpcSheddingTest {
    static final String RETRY_AFTER = "7";

    @Test
    void sheddingLoadIsPassedOnAsOverloadedAndNeverOpensTheBreaker() {
        for (int i = 0; i < 3 * InferenceClient.REQUEST_VOLUME; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("image", Images.dataUrl(Drawings.bar()), "model", "scratch"))
                    .when()
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", RETRY_AFTER)
                    .body("type", equalTo("urn:digit-recognizer:problem:overloaded"));
        }
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        assertThat(metrics, containsString("gateway_inference_circuit_open{model=\"scratch\"} 0.0"));
        assertThat(
                metrics,
                containsString("gateway_inference_attempts_total{model=\"scratch\",outcome=\"overloaded\"} "
                        + 3 * InferenceClient.REQUEST_VOLUME + ".0"));
    }
}
