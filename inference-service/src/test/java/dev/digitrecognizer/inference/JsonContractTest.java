package dev.digitrecognizer.inference;

import static dev.digitrecognizer.mnist.ModelContract.DATATYPE;
import static dev.digitrecognizer.mnist.ModelContract.INPUT;
import static dev.digitrecognizer.mnist.ModelContract.PIXELS;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Collections;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * JSON of the wrong shape, and values Jackson would bend into the right type, are refused with a
 * 400 whose sentence names the field and what it must be, and never quotes Jackson.
 */
@QuarkusTest
@ExtendWith(AwaitReady.class)
class JsonContractTest {
    private static final String MODEL = ServedModels.digitModels().get(0);
    private static final String ZEROS = String.join(",", Collections.nCopies(PIXELS, "0"));

    /** A request whose tensor has the given raw JSON for shape and data. */
    private static String request(String shape, String data) {
        return "{\"inputs\":[{\"name\":\"" + INPUT + "\",\"shape\":" + shape + ",\"datatype\":\"" + DATATYPE
                + "\",\"data\":" + data + "}]}";
    }

    private static Matcher<String> plainSentence(String expected) {
        return allOf(
                equalTo(expected),
                not(containsString("Jackson")),
                not(containsString("StreamReadConstraints")),
                not(containsString("com.fasterxml")));
    }

    private static void assertRefused(String body, String error) {
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v2/models/{name}/infer", MODEL)
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("$", aMapWithSize(1))
                .body("error", plainSentence(error));
    }

    @Test
    void inputsThatAreNotAListAreRefused() {
        assertRefused("{\"inputs\":{}}", "inputs must be a list of tensors");
    }

    @Test
    void aShapeThatIsNotAListIsRefused() {
        assertRefused(request("\"1,784\"", "[" + ZEROS + "]"), "inputs[0].shape must be a list of whole numbers");
    }

    @Test
    void aTensorThatIsNotAnObjectIsRefused() {
        assertRefused(
                "{\"inputs\":[[1,2]]}", "inputs[0] must be a tensor: an object with name, shape, datatype and data");
    }

    @Test
    void aBodyThatIsAnArrayIsRefused() {
        assertRefused("[]", "the request body must be a JSON object: an inference request with a list of inputs");
    }

    @Test
    void aBodyThatIsAStringIsRefused() {
        assertRefused(
                "\"hello\"", "the request body must be a JSON object: an inference request with a list of inputs");
    }

    @Test
    void aBodyThatIsANumberIsRefused() {
        assertRefused("42", "the request body must be a JSON object: an inference request with a list of inputs");
    }

    @Test
    void dataNestedTooDeeplyIsRefused() {
        int depth = 2_000;
        String data = "[".repeat(depth) + "0" + "]".repeat(depth);
        assertRefused(request("[1," + PIXELS + "]", data), "malformed JSON: it is nested more than 1000 levels deep");
    }

    @Test
    void nestedListsInPlaceOfTensorsAreRefusedAtTheFirstOne() {
        int depth = 2_000;
        assertRefused(
                "{\"inputs\":" + "[".repeat(depth) + "]".repeat(depth) + "}",
                "inputs[0] must be a tensor: an object with name, shape, datatype and data");
    }

    @Test
    void aShapeOfStringsIsRefused() {
        assertRefused(request("[\"1\",\"784\"]", "[" + ZEROS + "]"), "inputs[0].shape[0] must be a whole number");
    }

    @Test
    void aShapeWithAFractionIsRefused() {
        assertRefused(request("[1.5," + PIXELS + "]", "[" + ZEROS + "]"), "inputs[0].shape[0] must be a whole number");
    }

    @Test
    void aShapeOfBooleansIsRefused() {
        assertRefused(request("[true," + PIXELS + "]", "[" + ZEROS + "]"), "inputs[0].shape[0] must be a whole number");
    }

    @Test
    void aShapeBeyondSixtyFourBitsIsRefused() {
        assertRefused(
                request("[99999999999999999999," + PIXELS + "]", "[" + ZEROS + "]"),
                "inputs[0].shape[0] must be a whole number small enough for a 64-bit integer");
    }

    @Test
    void aDuplicateKeyIsRefused() {
        String tensor = request("[1," + PIXELS + "]", "[" + ZEROS + "]");
        assertRefused(
                tensor.substring(0, tensor.length() - 1) + ",\"inputs\":[]}",
                "malformed JSON: the key 'inputs' appears twice in one object");
    }

    @Test
    void aDuplicateKeyInsideATensorIsRefused() {
        assertRefused(
                request("[1," + PIXELS + "],\"shape\":[1," + PIXELS + "]", "[" + ZEROS + "]"),
                "malformed JSON: the key 'shape' appears twice in one object");
    }

    @Test
    void aNameThatIsANumberIsRefused() {
        assertRefused(
                "{\"inputs\":[{\"name\":5,\"shape\":[1," + PIXELS + "],\"datatype\":\"" + DATATYPE + "\",\"data\":["
                        + ZEROS + "]}]}",
                "inputs[0].name must be a string");
    }

    @Test
    void dataAsNumbersInStringsIsRefused() {
        assertRefused(
                request("[1," + PIXELS + "]", "[\"0.5\"," + ZEROS.substring(2) + "]"),
                "input '" + INPUT + "' has a value that is not a number: \"0.5\"");
    }

    @Test
    void dataAsBooleansIsRefused() {
        assertRefused(
                request("[1," + PIXELS + "]", "[true," + ZEROS.substring(2) + "]"),
                "input '" + INPUT + "' has a value that is not a number: true");
    }

    @Test
    void dataWithNullIsRefused() {
        assertRefused(
                request("[1," + PIXELS + "]", "[null," + ZEROS.substring(2) + "]"),
                "input '" + INPUT + "' has a value that is not a number: null");
    }

    @Test
    void truncatedJsonSaysWhereItEnds() {
        assertRefused("{\"inputs\": [", "malformed JSON at line 1, column 13: the body ends before the JSON does");
    }

    @Test
    void aMethodThePathDoesNotTakeIsNotFoundWithASentence() {
        given().when()
                .get("/v2/models/{name}/infer", MODEL)
                .then()
                .statusCode(404)
                .body("error", equalTo("not found: the Open Inference Protocol has no such path"));
    }

    @Test
    void aWrongContentTypeGetsASentence() {
        given().contentType(ContentType.TEXT)
                .body("hello")
                .when()
                .post("/v2/models/{name}/infer", MODEL)
                .then()
                .statusCode(415)
                .body(
                        "error",
                        equalTo("the body must be application/json, or application/octet-stream for the binary"
                                + " tensor extension"));
    }
}
