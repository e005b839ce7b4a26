package dev.digitrecognizer.inference;

import static dev.digitrecognizer.mnist.ModelContract.CLASSES;
import static dev.digitrecognizer.mnist.ModelContract.DATATYPE;
import static dev.digitrecognizer.mnist.ModelContract.INPUT;
import static dev.digitrecognizer.mnist.ModelContract.OUTPUT;
import static dev.digitrecognizer.mnist.ModelContract.PIXELS;
import static dev.digitrecognizer.mnist.ModelContract.ROW_BYTES;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.fixtures.LittleEndianFloats;
import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The binary tensor extension: a JSON header, then the input's or the output's FP32 bytes, little-endian. */
@QuarkusTest
@ExtendWith(AwaitReady.class)
class BinaryTensorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    private static final String MODEL = ServedModels.digitModels().get(0);

    private static Map<String, Object> header(int rows, Object binarySize) {
        return Map.of(
                "inputs",
                List.of(Map.of(
                        "name",
                        INPUT,
                        "shape",
                        List.of(rows, PIXELS),
                        "datatype",
                        DATATYPE,
                        "parameters",
                        Map.of("binary_data_size", binarySize))));
    }

    private static byte[] body(Object header, float[] data) throws Exception {
        return LittleEndianFloats.pack(JSON.writeValueAsBytes(header), data);
    }

    private static int headerLength(Object header) throws Exception {
        return JSON.writeValueAsBytes(header).length;
    }

    private static ValidatableResponse post(String path, byte[] body, Object headerLength) {
        var request = given().contentType(ContentType.BINARY).body(body);
        if (headerLength != null) {
            request.header(HEADER_LENGTH, headerLength);
        }
        return request.when().post(path).then();
    }

    private static void assertError(byte[] body, Object headerLength, String message) {
        post("/v2/models/" + MODEL + "/infer", body, headerLength)
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("$", aMapWithSize(1))
                .body("error", containsString(message));
    }

    @ParameterizedTest
    @MethodSource("dev.digitrecognizer.fixtures.ServedModels#digitModels")
    void answersExactlyWhatTheJsonRequestAnswers(String model) throws Exception {
        Object header = header(1, ROW_BYTES);
        List<Float> binary = post("/v2/models/" + model + "/infer", body(header, Digits.rows(11)), headerLength(header))
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("outputs[0].shape", contains(1, CLASSES))
                .extract()
                .jsonPath()
                .getList("outputs[0].data", Float.class);
        List<Float> json = InferenceResourceTest.probabilities(model, 11);
        assertEquals(json, binary);
        assertEquals(Digits.label(11), InferenceResourceTest.argmax(binary, 0));
    }

    @Test
    void readsEveryRowInOrderOnTheVersionedPathToo() throws Exception {
        int[] indexes = {0, 1, 2, 3};
        Object header = header(indexes.length, indexes.length * ROW_BYTES);
        List<Float> probs = post(
                        "/v2/models/" + MODEL + "/versions/1/infer",
                        body(header, Digits.rows(indexes)),
                        headerLength(header))
                .statusCode(200)
                .body("model_version", equalTo("1"))
                .body("outputs[0].shape", contains(indexes.length, CLASSES))
                .extract()
                .jsonPath()
                .getList("outputs[0].data", Float.class);
        for (int row = 0; row < indexes.length; row++) {
            assertEquals(Digits.label(indexes[row]), InferenceResourceTest.argmax(probs, row), "row " + row);
        }
    }

    @Test
    void needsTheHeaderLength() throws Exception {
        assertError(
                body(header(1, ROW_BYTES), Digits.rows(0)), null, "needs the Inference-Header-Content-Length header");
        assertError(body(header(1, ROW_BYTES), Digits.rows(0)), "many", "must be a number of bytes, not 'many'");
    }

    @Test
    void rejectsAHeaderLengthBeyondTheBody() throws Exception {
        assertError(body(header(1, ROW_BYTES), Digits.rows(0)), 100_000, "is 100000, but the body has");
    }

    @Test
    void rejectsAMalformedHeader() throws Exception {
        Object header = header(1, ROW_BYTES);
        assertError(body(header, Digits.rows(0)), headerLength(header) - 2, "in the JSON header, malformed JSON");
    }

    @Test
    void rejectsABinarySizeThatDoesNotFitTheShape() throws Exception {
        Object header = header(1, 1000);
        assertError(
                body(header, Digits.rows(0)),
                headerLength(header),
                "has binary_data_size 1000; its shape needs " + ROW_BYTES);
    }

    @Test
    void rejectsABinarySizeThatIsNotAWholeNumber() throws Exception {
        for (Object size : List.of(ROW_BYTES + 0.5, (double) ROW_BYTES, String.valueOf(ROW_BYTES), true)) {
            Object header = header(1, size);
            assertError(body(header, Digits.rows(0)), headerLength(header), "has binary_data_size " + size);
        }
    }

    @Test
    void rejectsAHeaderWithADuplicateKey() throws Exception {
        String json = JSON.writeValueAsString(header(1, ROW_BYTES)).replaceFirst("\\{", "{\"id\":\"a\",\"id\":\"b\",");
        byte[] header = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOf(header, header.length + ROW_BYTES);
        assertError(
                body, header.length, "in the JSON header, malformed JSON: the key 'id' appears twice in one object");
    }

    @Test
    void rejectsAHeaderThatIsNotAnObject() throws Exception {
        byte[] body = java.util.Arrays.copyOf("[1,2]".getBytes(java.nio.charset.StandardCharsets.UTF_8), 5 + ROW_BYTES);
        assertError(body, 5, "in the JSON header, the request body must be a JSON object");
    }

    @Test
    void rejectsDataShorterThanDeclared() throws Exception {
        Object header = header(1, ROW_BYTES);
        byte[] full = body(header, Digits.rows(0));
        assertError(
                java.util.Arrays.copyOf(full, full.length - Float.BYTES),
                headerLength(header),
                "the binary data is " + (ROW_BYTES - Float.BYTES) + " bytes; input '" + INPUT + "' declares "
                        + ROW_BYTES);
    }

    @Test
    void rejectsBinaryDataThatNoInputDeclares() throws Exception {
        Object header = Digits.request(0);
        assertError(
                body(header, new float[] {1, 2}),
                headerLength(header),
                "8 bytes of binary data, but no input declares binary_data_size");
    }

    @Test
    void rejectsAnInputWithBothJsonAndBinaryData() throws Exception {
        Map<String, Object> input = new java.util.HashMap<>(Map.of(
                "name",
                INPUT,
                "shape",
                List.of(1, PIXELS),
                "datatype",
                DATATYPE,
                "data",
                List.of(0, 0),
                "parameters",
                Map.of("binary_data_size", 8)));
        Object header = Map.of("inputs", List.of(input));
        assertError(body(header, Digits.rows(0)), headerLength(header), "has both data and binary_data_size");
    }

    @Test
    void rejectsNonFiniteValues() throws Exception {
        float[] data = Digits.rows(0);
        data[100] = Float.NaN;
        Object header = header(1, ROW_BYTES);
        assertError(body(header, data), headerLength(header), "not a finite " + DATATYPE + " number: NaN");
    }

    /** Asks for the output with these parameters; {@code parameters} null asks without any. */
    private static Map<String, Object> withOutput(Map<String, Object> request, Map<String, Object> parameters) {
        Map<String, Object> asked = new HashMap<>(request);
        asked.put(
                "outputs",
                List.of(
                        parameters == null
                                ? Map.of("name", OUTPUT)
                                : Map.of("name", OUTPUT, "parameters", parameters)));
        return asked;
    }

    private static Map<String, Object> withParameters(Map<String, Object> request, Map<String, Object> parameters) {
        Map<String, Object> asked = new HashMap<>(request);
        asked.put("parameters", parameters);
        return asked;
    }

    private static int[] firstImages(int rows) {
        return IntStream.range(0, rows).toArray();
    }

    /**
     * Reads a binary answer: its JSON header, as long as the header length says, must describe the
     * output by its binary_data_size, without data, and the bytes after it must be exactly that many.
     */
    private static List<Float> binaryAnswer(Response response, int rows) throws Exception {
        response.then().statusCode(200).contentType("application/octet-stream");
        byte[] body = response.asByteArray();
        int length = Integer.parseInt(response.header(HEADER_LENGTH));
        JsonNode header = JSON.readTree(body, 0, length);
        JsonNode output = header.at("/outputs/0");
        int size = rows * CLASSES * Float.BYTES;
        assertEquals(OUTPUT, output.get("name").asText());
        assertEquals(List.of(rows, CLASSES), JSON.convertValue(output.get("shape"), List.class));
        assertEquals(size, output.at("/parameters/binary_data_size").asInt());
        assertFalse(output.has("data"), "a binary output has no data in the JSON");
        assertEquals(length + size, body.length);
        List<Float> values = new ArrayList<>();
        for (float value : LittleEndianFloats.unpack(ByteBuffer.wrap(body, length, size))) {
            values.add(value);
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64})
    void aJsonRequestGetsItsOutputAsBinaryDataWhenItAsks(int rows) throws Exception {
        Response response = given().contentType(ContentType.JSON)
                .body(withOutput(Digits.request(firstImages(rows)), Map.of("binary_data", true)))
                .when()
                .post("/v2/models/{name}/infer", MODEL);
        assertEquals(InferenceResourceTest.probabilities(MODEL, firstImages(rows)), binaryAnswer(response, rows));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64})
    void aBinaryRequestGetsEveryOutputAsBinaryDataWithBinaryDataOutput(int rows) throws Exception {
        Object header = withParameters(header(rows, rows * ROW_BYTES), Map.of("binary_data_output", true));
        Response response = given().contentType(ContentType.BINARY)
                .header(HEADER_LENGTH, headerLength(header))
                .body(body(header, Digits.rows(firstImages(rows))))
                .when()
                .post("/v2/models/{name}/infer", MODEL);
        assertEquals(InferenceResourceTest.probabilities(MODEL, firstImages(rows)), binaryAnswer(response, rows));
    }

    private static ValidatableResponse answeredInJson(Object request) {
        return given().contentType(ContentType.JSON)
                .body(request)
                .when()
                .post("/v2/models/{name}/infer", MODEL)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("outputs[0].data", hasSize(CLASSES));
    }

    @Test
    void anOutputsOwnBinaryDataFalseWinsOverBinaryDataOutput() {
        answeredInJson(withParameters(
                        withOutput(Digits.request(0), Map.of("binary_data", false)),
                        Map.of("binary_data_output", true)))
                .body("outputs[0]", not(hasKey("parameters")));
    }

    @Test
    void anOutputAskedForWithoutParametersIsJson() {
        answeredInJson(withOutput(Digits.request(0), null));
    }

    @Test
    void rejectsABinaryDataThatIsNotTrueOrFalse() throws Exception {
        Map<String, Object> header = withOutput(header(1, ROW_BYTES), Map.of("binary_data", "yes"));
        assertError(
                body(header, Digits.rows(0)),
                headerLength(header),
                "parameter 'binary_data' of output '" + OUTPUT + "' must be true or false, not the text 'yes'");
    }

    @Test
    void rejectsABinaryDataOutputThatIsNotTrueOrFalse() throws Exception {
        Map<String, Object> header = withParameters(header(1, ROW_BYTES), Map.of("binary_data_output", 1));
        assertError(
                body(header, Digits.rows(0)),
                headerLength(header),
                "parameter 'binary_data_output' of the request must be true or false, not 1");
    }

    @Test
    void aJsonRequestCannotDeclareBinaryData() {
        given().contentType(ContentType.JSON)
                .body(header(1, ROW_BYTES))
                .when()
                .post("/v2/models/{name}/infer", MODEL)
                .then()
                .statusCode(400)
                .body("error", containsString("declares binary_data_size, but the request is JSON"));
    }
}
