package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.equalTo;

import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Triton's model repository extension in {@code explicit} mode: models unload and load by API, a
 * new version is warmed up and then served, and a version that fails to load leaves the old one
 * serving, with the reason in the index. Each test works on a model of its own.
 */
@QuarkusTest
@ExtendWith(AwaitReady.class)
@TestProfile(ModelControlTest.Explicit.class)
class ModelControlTest {
    private static final String REPOSITORY = "model-control";
    private static final String SOURCE = ServedModels.digitModels().get(0);
    private static final String OTHER = ServedModels.digitModels().get(1);
    private static final String NOT_ONNX = "the model file could not be loaded: it is not a valid ONNX model";

    public static class Explicit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TempRepository repository = TempRepository.named(REPOSITORY);
            for (String name : new String[] {"unloadable", "upgradable", "corruptible", "changeable"}) {
                repository
                        .config(name, TempRepository.committedConfig(SOURCE, name))
                        .version(name, 1, SOURCE);
            }
            return Map.of(
                    "inference.model-repository",
                    repository.root().toString(),
                    "inference.model-control-mode",
                    "explicit",
                    "inference.warmup-runs",
                    "1");
        }
    }

    @Test
    void anUnloadedModelIsNotServedUntilItIsLoadedAgain() {
        given().post("/v2/repository/models/unloadable/unload").then().statusCode(200);
        when().get("/v2/models/unloadable/ready")
                .then()
                .statusCode(503)
                .body("error", equalTo("model 'unloadable' is not loaded"));
        given().post("/v2/repository/index")
                .then()
                .body("find { it.name == 'unloadable' }.state", equalTo("UNAVAILABLE"))
                .body("find { it.name == 'unloadable' }.reason", equalTo("unloaded"));
        // A model unloaded on purpose is not one the server should serve: it stays ready.
        when().get("/v2/health/ready").then().statusCode(200);

        given().post("/v2/repository/models/unloadable/load").then().statusCode(200);
        infer("unloadable").then().statusCode(200).body("model_version", equalTo("1"));
    }

    @Test
    void aLoadedNewVersionTakesOverAndTheOldSessionCloses() throws Exception {
        TempRepository.existing(REPOSITORY).dropIn("upgradable", 2, OTHER);
        given().post("/v2/repository/models/upgradable/load").then().statusCode(200);
        infer("upgradable").then().statusCode(200).body("model_version", equalTo("2"));
        Metrics.await(v -> v == 1, "inference_model_sessions", Metrics.model("upgradable"));
        when().get("/v2/models/upgradable").then().body("versions", equalTo(java.util.List.of("2")));
    }

    @Test
    void aChangedFileIsReloadedInPlace() throws Exception {
        Object before = infer("changeable").path("outputs[0].data");
        TempRepository.existing(REPOSITORY).version("changeable", 1, OTHER);
        given().post("/v2/repository/models/changeable/load").then().statusCode(200);
        io.restassured.response.Response after = infer("changeable");
        after.then().statusCode(200).body("model_version", equalTo("1"));
        org.junit.jupiter.api.Assertions.assertNotEquals(before, after.path("outputs[0].data"));
        Metrics.await(v -> v == 1, "inference_model_sessions", Metrics.model("changeable"));
    }

    @Test
    void aCorruptNewVersionLeavesTheOldOneServing() {
        TempRepository repository = TempRepository.existing(REPOSITORY);
        repository.corruptVersion("corruptible", 2);
        try {
            given().post("/v2/repository/models/corruptible/load")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("model 'corruptible' failed to load: " + NOT_ONNX));
            infer("corruptible").then().statusCode(200).body("model_version", equalTo("1"));
            given().post("/v2/repository/index")
                    .then()
                    .body("find { it.name == 'corruptible' }.state", equalTo("READY"))
                    .body("find { it.name == 'corruptible' }.version", equalTo("1"))
                    .body("find { it.name == 'corruptible' }.reason", equalTo(NOT_ONNX));
        } finally {
            repository.delete("corruptible", 2);
        }
        given().post("/v2/repository/models/corruptible/load").then().statusCode(200);
        given().post("/v2/repository/index").then().body("find { it.name == 'corruptible' }.reason", equalTo(""));
    }

    @Test
    void loadingAModelNotInTheRepositoryIsNotFound() {
        given().post("/v2/repository/models/absent/load")
                .then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", equalTo("model 'absent' is not in the model repository"));
    }

    @Test
    void unloadingAModelNotInTheRepositoryIsNotFound() {
        given().post("/v2/repository/models/absent/unload")
                .then()
                .statusCode(404)
                .body("error", equalTo("model 'absent' is not in the model repository"));
    }

    private static io.restassured.response.Response infer(String model) {
        return given().contentType(ContentType.JSON).body(Digits.request(0)).post("/v2/models/{name}/infer", model);
    }
}
