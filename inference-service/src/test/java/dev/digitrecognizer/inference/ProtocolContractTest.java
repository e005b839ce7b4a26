package dev.digitrecognizer.inference;

import static dev.digitrecognizer.mnist.ModelContract.CLASSES;
import static dev.digitrecognizer.mnist.ModelContract.DATATYPE;
import static dev.digitrecognizer.mnist.ModelContract.INPUT;
import static dev.digitrecognizer.mnist.ModelContract.OUTPUT;
import static dev.digitrecognizer.mnist.ModelContract.PIXELS;
import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JSON shapes of the Open Inference Protocol v2 REST API (KServe / Triton) that existing
 * clients parse: field names, types and status codes, as the specification gives them.
 */
@QuarkusTest
@ExtendWith(AwaitReady.class)
class ProtocolContractTest {
    private static final String MODEL = ServedModels.digitModels().get(0);

    @Test
    void serverLiveAndReady() {
        when().get("/v2/health/live").then().statusCode(200).body("live", is(true));
        when().get("/v2/health/ready").then().statusCode(200).body("ready", is(true));
    }

    @Test
    void serverMetadataListsTheExtensionsServed() {
        when().get("/v2")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("name", instanceOf(String.class))
                .body("version", instanceOf(String.class))
                .body("extensions", containsInAnyOrder("binary_tensor_data", "statistics", "model_repository"));
    }

    @Test
    void modelMetadataDescribesTensors() {
        for (String path : new String[] {"/v2/models/{name}", "/v2/models/{name}/versions/1"}) {
            when().get(path, MODEL)
                    .then()
                    .statusCode(200)
                    .body("name", equalTo(MODEL))
                    .body("versions", contains("1"))
                    .body("platform", equalTo("onnxruntime_onnx"))
                    .body("inputs[0].name", equalTo(INPUT))
                    .body("inputs[0].datatype", equalTo(DATATYPE))
                    .body("inputs[0].shape", contains(-1, PIXELS))
                    .body("outputs[0].name", equalTo(OUTPUT))
                    .body("outputs[0].datatype", equalTo(DATATYPE))
                    .body("outputs[0].shape", contains(-1, CLASSES));
        }
    }

    @Test
    void modelMetadataCarriesTheModelCard() {
        when().get("/v2/models/{name}", MODEL)
                .then()
                .statusCode(200)
                .body("card.name", equalTo(MODEL))
                .body("card.testAccuracy", greaterThan(0.98f))
                .body("card", hasKey("architecture"))
                .body("card", hasKey("parameters"))
                .body("card", hasKey("sha256"));
    }

    @Test
    void modelReadyOnBothPaths() {
        when().get("/v2/models/{name}/ready", MODEL)
                .then()
                .statusCode(200)
                .body("ready", is(true))
                .body("name", equalTo(MODEL));
        when().get("/v2/models/{name}/versions/1/ready", MODEL)
                .then()
                .statusCode(200)
                .body("ready", is(true));
    }

    @Test
    void inferResponseHasTheSpecifiedFields() {
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .when()
                .post("/v2/models/{name}/infer", MODEL)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("keySet()", containsInAnyOrder("model_name", "model_version", "outputs"))
                .body("outputs[0].keySet()", containsInAnyOrder("name", "datatype", "shape", "data"))
                .body("outputs[0].data", everyItem(instanceOf(Float.class)));
    }

    @Test
    void repositoryIndexListsEveryModelWithItsState() {
        given().contentType(ContentType.JSON)
                .when()
                .post("/v2/repository/index")
                .then()
                .statusCode(200)
                .body("name", containsInAnyOrder(ServedModels.names().toArray()))
                .body("state", everyItem(equalTo("READY")));
    }

    @Test
    void quarkusHealthReportsEachModel() {
        when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        when().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'models' }.data." + MODEL, equalTo("READY"));
    }

    @Test
    void prometheusMetricsCoverModelsBatchesAndLatency() {
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .post("/v2/models/{name}/infer", MODEL)
                .then()
                .statusCode(200);
        String metrics =
                when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String expected : new String[] {
            "inference_model_load_seconds{model=\"" + MODEL + "\"}",
            "inference_batch_size_bucket{model=\"" + MODEL + "\",le=\"1.0\"}",
            "inference_request_seconds_bucket{model=\"" + MODEL + "\"",
            "inference_queue_seconds_count{model=\"" + MODEL + "\"}",
            "inference_compute_seconds_count{model=\"" + MODEL + "\"}",
            "inference_rows_total{model=\"" + MODEL + "\"}",
            "http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"/v2/models/{name}/infer\"}"
        }) {
            org.hamcrest.MatcherAssert.assertThat(metrics, containsString(expected));
        }
    }

    @Test
    void openApiDescribesTheProtocol() {
        when().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/v2/models/{name}/infer"))
                .body("paths", hasKey("/v2/models/{name}/versions/{version}/infer"))
                .body("paths", hasKey("/v2/health/ready"));
    }
}
