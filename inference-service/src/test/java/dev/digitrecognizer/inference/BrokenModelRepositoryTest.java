package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A model whose file is broken is reported by name and never served; the others still are. */
@QuarkusTest
@ExtendWith(AwaitReady.class)
@TestProfile(BrokenModelRepositoryTest.WithBrokenModel.class)
class BrokenModelRepositoryTest {
    private static final String GOOD = ServedModels.names().get(0);

    public static class WithBrokenModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path repository = Files.createTempDirectory("models");
                Path source = ServedModels.repository().resolve(GOOD);
                Path good = Files.createDirectories(repository.resolve(GOOD + "/1"));
                Files.copy(source.resolve("config.pbtxt"), repository.resolve(GOOD + "/config.pbtxt"));
                Files.copy(source.resolve("1/model.onnx"), good.resolve("model.onnx"));
                Path broken = Files.createDirectories(repository.resolve("broken/1"));
                Files.writeString(
                        repository.resolve("broken/config.pbtxt"),
                        Files.readString(source.resolve("config.pbtxt")).replace(GOOD, "broken"));
                Files.writeString(broken.resolve("model.onnx"), "this is not an ONNX model");
                return Map.of("inference.model-repository", repository.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void listsTheBrokenModelAsUnavailableWithItsReason() {
        given().contentType(ContentType.JSON)
                .when()
                .post("/v2/repository/index")
                .then()
                .statusCode(200)
                .body("", hasSize(2))
                .body("find { it.name == 'broken' }.state", equalTo("UNAVAILABLE"))
                .body("find { it.name == 'broken' }.reason", containsString("Protobuf parsing failed"))
                .body("find { it.name == '" + GOOD + "' }.state", equalTo("READY"));
    }

    @Test
    void neverServesTheBrokenModel() {
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .when()
                .post("/v2/models/broken/infer")
                .then()
                .statusCode(503)
                .body("error", containsString("model 'broken' failed to load"));
        when().get("/v2/models/broken/ready").then().statusCode(503);
    }

    @Test
    void stillServesTheGoodModelAndNamesTheBrokenOneInHealth() {
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .when()
                .post("/v2/models/{name}/infer", GOOD)
                .then()
                .statusCode(200);
        when().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'models' }.data.broken", containsString("UNAVAILABLE"));
    }
}
