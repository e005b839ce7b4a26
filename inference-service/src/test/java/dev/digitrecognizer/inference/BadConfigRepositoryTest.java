package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each config.pbtxt this server cannot serve is listed with a reason naming the file and the
 * field; none takes the server down, and the good model is served.
 */
@QuarkusTest
@ExtendWith(AwaitReady.class)
@TestProfile(BadConfigRepositoryTest.BadConfigs.class)
class BadConfigRepositoryTest {
    private static final String SOURCE = ServedModels.digitModels().get(0);

    public static class BadConfigs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TempRepository repository = TempRepository.create();
            String good = TempRepository.committedConfig(SOURCE, "good");
            repository.config("good", good).version("good", 1, SOURCE);
            bad(repository, "syntax", good.replace("max_batch_size: 64", "max_batch_size 64 }"));
            bad(repository, "platform", good.replace("onnxruntime_onnx", "pytorch_libtorch"));
            bad(repository, "datatype", good.replaceFirst("TYPE_FP32", "TYPE_INT64"));
            bad(repository, "negative", good.replace("max_batch_size: 64", "max_batch_size: -1"));
            repository.config("nofile", good.replace("\"good\"", "\"nofile\"")).emptyVersion("nofile", 1);
            return Map.of("inference.model-repository", repository.root().toString(), "inference.warmup-runs", "1");
        }

        private static void bad(TempRepository repository, String name, String config) {
            repository
                    .config(name, config.replace("\"good\"", "\"" + name + "\""))
                    .version(name, 1, SOURCE);
        }
    }

    @Test
    void aSyntaxErrorIsReportedWithItsLine() {
        assertReason("syntax", startsWith("config.pbtxt: line 3, column"));
    }

    @Test
    void anUnknownPlatformIsReportedByField() {
        assertReason(
                "platform",
                equalTo("config.pbtxt: platform 'pytorch_libtorch' is not served; this server serves"
                        + " onnxruntime_onnx"));
    }

    @Test
    void aWrongDatatypeIsReportedByField() {
        assertReason("datatype", startsWith("config.pbtxt: input[0] 'input' has data_type TYPE_INT64"));
    }

    @Test
    void aNegativeSizeIsReportedByField() {
        assertReason("negative", equalTo("config.pbtxt: max_batch_size is -1; it cannot be negative"));
    }

    @Test
    void aVersionFolderWithoutItsFileIsReported() {
        assertReason("nofile", equalTo("version 1 has no model.onnx"));
    }

    @Test
    void theGoodModelIsServed() {
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .post("/v2/models/good/infer")
                .then()
                .statusCode(200)
                .body("model_version", equalTo("1"));
    }

    @Test
    void theServerIsNotReadyAndNamesEveryBadModel() {
        when().get("/v2/health/ready")
                .then()
                .statusCode(503)
                .body("error", containsString("model 'datatype' failed to load"))
                .body("error", containsString("model 'syntax' failed to load"));
        when().get("/v2/health/live").then().statusCode(200);
    }

    @Test
    void theReadyIndexListsOnlyTheServedModel() {
        given().contentType(ContentType.JSON)
                .body(Map.of("ready", true))
                .post("/v2/repository/index")
                .then()
                .statusCode(200)
                .body("name", equalTo(java.util.List.of("good")));
    }

    private static void assertReason(String model, org.hamcrest.Matcher<String> reason) {
        given().contentType(ContentType.JSON)
                .post("/v2/repository/index")
                .then()
                .statusCode(200)
                .body("find { it.name == '" + model + "' }.state", equalTo("UNAVAILABLE"))
                .body("find { it.name == '" + model + "' }.reason", reason);
    }
}
