package dev.digitrecognizer.inference;

import static dev.digitrecognizer.mnist.ModelContract.CLASSES;
import static dev.digitrecognizer.mnist.ModelContract.DATATYPE;
import static dev.digitrecognizer.mnist.ModelContract.OUTPUT;
import static dev.digitrecognizer.mnist.ModelContract.PIXELS;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@ExtendWith(AwaitReady.class)
class InferenceResourceTest {
    private static final String MODEL = ServedModels.digitModels().get(0);

    @ParameterizedTest
    @MethodSource("dev.digitrecognizer.fixtures.ServedModels#digitModels")
    void recognisesAnMnistDigit(String model) {
        JsonPath body = given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .when()
                .post("/v2/models/{name}/infer", model)
                .then()
                .statusCode(200)
                .body("model_name", equalTo(model))
                .body("model_version", equalTo("1"))
                .body("outputs[0].name", equalTo(OUTPUT))
                .body("outputs[0].datatype", equalTo(DATATYPE))
                .body("outputs[0].shape", contains(1, CLASSES))
                .body("outputs[0].data", hasSize(CLASSES))
                .extract()
                .jsonPath();
        List<Float> probs = body.getList("outputs[0].data", Float.class);
        assertEquals(Digits.label(0), argmax(probs, 0));
        assertEquals(1.0, probs.stream().mapToDouble(Float::doubleValue).sum(), 1e-4);
    }

    @Test
    void answersEveryRowOfAMultiRowRequestInOrder() {
        int[] images = {0, 1, 2, 3, 4};
        List<Float> probs = given().contentType(ContentType.JSON)
                .body(Digits.request(images))
                .when()
                .post("/v2/models/{name}/infer", MODEL)
                .then()
                .statusCode(200)
                .body("outputs[0].shape", contains(images.length, CLASSES))
                .extract()
                .jsonPath()
                .getList("outputs[0].data", Float.class);
        for (int row = 0; row < images.length; row++) {
            assertEquals(Digits.label(images[row]), argmax(probs, row), "row " + row);
        }
    }

    @Test
    void acceptsNestedRowMajorData() {
        List<List<Float>> rows = List.of(toList(Digits.test().image(1)));
        given().contentType(ContentType.JSON)
                .body(Digits.request(List.of(1, PIXELS), rows))
                .when()
                .post("/v2/models/{name}/infer", MODEL)
                .then()
                .statusCode(200)
                .body("outputs[0].shape", contains(1, CLASSES));
    }

    @Test
    void versionedPathInfersToo() {
        given().contentType(ContentType.JSON)
                .body(Digits.request(7))
                .when()
                .post("/v2/models/{name}/versions/1/infer", MODEL)
                .then()
                .statusCode(200)
                .body("model_version", equalTo("1"));
    }

    @Test
    void echoesTheRequestId() {
        var request = new java.util.HashMap<>(Digits.request(3));
        request.put("id", "req-42");
        given().contentType(ContentType.JSON)
                .body(request)
                .when()
                .post("/v2/models/{name}/infer", MODEL)
                .then()
                .statusCode(200)
                .body("id", equalTo("req-42"));
    }

    /** Many clients at once, batched together, each still gets the answer to its own digit. */
    @Test
    void concurrentRequestsEachGetTheirOwnAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Callable<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 128; i++) {
                int image = i;
                calls.add(() -> argmax(
                        given().contentType(ContentType.JSON)
                                .body(Digits.request(image))
                                .when()
                                .post("/v2/models/{name}/infer", MODEL)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("outputs[0].data", Float.class),
                        0));
            }
            List<Future<Integer>> answers = pool.invokeAll(calls);
            // Single-image predictions of the same model, one at a time, are the reference.
            for (int i = 0; i < answers.size(); i++) {
                int alone = argmax(
                        given().contentType(ContentType.JSON)
                                .body(Digits.request(i))
                                .when()
                                .post("/v2/models/{name}/infer", MODEL)
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("outputs[0].data", Float.class),
                        0);
                assertEquals(alone, answers.get(i).get(), "image " + i);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void probabilitiesOfABatchedRowEqualThoseOfTheRowAlone() {
        List<Float> alone = given().contentType(ContentType.JSON)
                .body(Digits.request(9))
                .post("/v2/models/{name}/infer", MODEL)
                .then()
                .extract()
                .jsonPath()
                .getList("outputs[0].data", Float.class);
        List<Float> together = probabilities(MODEL, 8, 9);
        for (int c = 0; c < CLASSES; c++) {
            assertEquals(alone.get(c), together.get(CLASSES + c), 1e-5f, "class " + c);
        }
    }

    /** The model's JSON answer for these test images as rows. */
    static List<Float> probabilities(String model, int... indexes) {
        return given().contentType(ContentType.JSON)
                .body(Digits.request(indexes))
                .when()
                .post("/v2/models/{name}/infer", model)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("outputs[0].data", Float.class);
    }

    static int argmax(List<Float> probs, int row) {
        int best = 0;
        for (int c = 1; c < CLASSES; c++) {
            if (probs.get(row * CLASSES + c) > probs.get(row * CLASSES + best)) {
                best = c;
            }
        }
        return best;
    }

    static List<Float> toList(float[] values) {
        List<Float> list = new java.util.ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return list;
    }
}
