package dev.digitrecognizer.gateway.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.gateway.FakeInferenceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A circuit breaker per model, that opens for a dead model and never for a busy one. */
@QuarkusTest
@QuarkusTestResource(value = FakeInferenceResource.class, restrictToAnnotatedClass = true)
class ModelBreakersTest {
    private static final String IMAGE = Images.dataUrl(Drawings.bar());

    private static int predict(String model) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("image", IMAGE, "model", model))
                .when()
                .post("/api/v1/predict")
                .statusCode();
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static String circuit(String model, int open) {
        return "gateway_inference_circuit_open{model=\"" + model + "\"} " + open + ".0";
    }

    @Test
    void sheddingLoadIsPassedOnAsOverloadedAndNeverOpensTheBreaker() {
        for (int i = 0; i < 3 * InferenceClient.REQUEST_VOLUME; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("image", IMAGE, "model", "scratch"))
                    .when()
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", FakeInferenceResource.RETRY_AFTER)
                    .body("type", equalTo("urn:digit-recognizer:problem:overloaded"));
        }
        String metrics = metrics();
        assertThat(metrics, containsString(circuit("scratch", 0)));
        assertThat(
                "load shed is not retried",
                metrics,
                containsString("gateway_inference_attempts_total{model=\"scratch\",outcome=\"overloaded\"} "
                        + 3 * InferenceClient.REQUEST_VOLUME + ".0"));
    }

    @Test
    void aDeadModelOpensItsOwnBreakerAndTheOthersKeepAnswering() {
        for (int i = 0; i < 10; i++) {
            assertEquals(503, predict("cnn"));
            assertEquals(200, predict("mlp"));
        }
        String metrics = metrics();
        assertThat(metrics, containsString(circuit("cnn", 1)));
        assertThat(metrics, containsString(circuit("mlp", 0)));
    }

    @Test
    void aSlowButAliveModelIsWaitedForWithinTheRequestBudget() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(pool.submit(() -> predict("slow")));
        }
        for (Future<Integer> status : statuses) {
            assertEquals(200, status.get());
        }
        pool.shutdown();
        assertThat(metrics(), containsString(circuit("slow", 0)));
    }

    @Test
    void theModelListShowsTheHealthyCardsAndMarksTheBrokenModel() {
        given().when()
                .get("/api/v1/models")
                .then()
                .statusCode(200)
                .body("models.find { it.name == 'cnn' }.available", equalTo(false))
                .body("models.find { it.name == 'mlp' }.available", equalTo(true))
                .body("models.size()", equalTo(4));
    }
}
