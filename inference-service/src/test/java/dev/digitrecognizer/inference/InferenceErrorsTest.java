package dev.digitrecognizer.inference;

import static dev.digitrecognizer.mnist.ModelContract.DATATYPE;
import static dev.digitrecognizer.mnist.ModelContract.INPUT;
import static dev.digitrecognizer.mnist.ModelContract.PIXELS;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every bad request gets the protocol's {"error": ...} with its status, never a 500. */
@QuarkusTest
@ExtendWith(AwaitReady.class)
class InferenceErrorsTest {
    private static final String MODEL = ServedModels.digitModels().get(0);

    private static void assertError(Object body, int status, String message) {
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v2/models/{name}/infer", MODEL)
                .then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .body("$", aMapWithSize(1))
                .body("error", containsString(message));
    }

    @Test
    void rejectsMalformedJson() {
        assertError("{\"inputs\": [", 400, "malformed JSON");
    }

    @Test
    void rejectsAnEmptyBody() {
        assertError("", 400, "the request body must be a JSON inference request");
    }

    @Test
    void rejectsARequestWithoutInputs() {
        assertError(Map.of("inputs", List.of()), 400, "takes exactly one input, '" + INPUT + "'");
    }

    @Test
    void rejectsTheWrongInputName() {
        assertError(
                Map.of(
                        "inputs",
                        List.of(Map.of(
                                "name",
                                "pixels",
                                "shape",
                                List.of(1, PIXELS),
                                "datatype",
                                DATATYPE,
                                "data",
                                Collections.nCopies(PIXELS, 0)))),
                400,
                "unknown input 'pixels'");
    }

    @Test
    void rejectsTheWrongDatatype() {
        assertError(
                Map.of(
                        "inputs",
                        List.of(Map.of(
                                "name",
                                INPUT,
                                "shape",
                                List.of(1, PIXELS),
                                "datatype",
                                "INT32",
                                "data",
                                Collections.nCopies(PIXELS, 0)))),
                400,
                "datatype 'INT32'; expected " + DATATYPE);
    }

    @Test
    void rejectsTheWrongShape() {
        assertError(
                Digits.request(List.of(1, 28, 28), Collections.nCopies(PIXELS, 0)), 400, "expected [N," + PIXELS + "]");
        assertError(Digits.request(List.of(0, PIXELS), List.of()), 400, "expected [N," + PIXELS + "] with N >= 1");
    }

    @Test
    void rejectsDataOfTheWrongLength() {
        assertError(
                Digits.request(List.of(2, PIXELS), Collections.nCopies(PIXELS, 0)),
                400,
                "has " + PIXELS + " values; shape [2, " + PIXELS + "] needs " + 2 * PIXELS);
    }

    @Test
    void rejectsValuesThatAreNotNumbers() {
        List<Object> data = new java.util.ArrayList<>(Collections.nCopies(PIXELS, 0));
        data.set(5, "NaN");
        assertError(Digits.request(List.of(1, PIXELS), data), 400, "not a number");
    }

    @Test
    void rejectsInfiniteValues() {
        // As text: 1e999 overflows to infinity only when the server parses it.
        String data = String.join(",", Collections.nCopies(PIXELS - 1, "0")) + ",1e999";
        assertError(
                "{\"inputs\":[{\"name\":\"" + INPUT + "\",\"shape\":[1," + PIXELS + "],\"datatype\":\"" + DATATYPE
                        + "\",\"data\":[" + data + "]}]}",
                400,
                "not a finite " + DATATYPE + " number");
    }

    @Test
    void rejectsTooManyRows() {
        assertError(Digits.request(List.of(5000, PIXELS), List.of()), 400, "at most 1024 are allowed");
    }

    @Test
    void rejectsAnUnknownRequestedOutput() {
        Map<String, Object> body = new java.util.HashMap<>(Digits.request(0));
        body.put("outputs", List.of(Map.of("name", "logits")));
        assertError(body, 400, "unknown output 'logits'");
    }

    @Test
    void answersNotFoundForAnUnknownModel() {
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .when()
                .post("/v2/models/resnet/infer")
                .then()
                .statusCode(404)
                .body("error", equalTo("unknown model 'resnet'"));
        given().when().get("/v2/models/resnet").then().statusCode(404).body("error", equalTo("unknown model 'resnet'"));
        given().when().get("/v2/models/resnet/ready").then().statusCode(404);
    }

    @Test
    void answersNotFoundForAnUnknownVersion() {
        given().when()
                .get("/v2/models/{name}/versions/7", MODEL)
                .then()
                .statusCode(404)
                .body("error", equalTo("model '" + MODEL + "' has no version '7'"));
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .when()
                .post("/v2/models/{name}/versions/2/infer", MODEL)
                .then()
                .statusCode(404);
    }
}
