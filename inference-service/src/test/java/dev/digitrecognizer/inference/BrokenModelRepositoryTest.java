package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelReadyRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ServerReadyRequest;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
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

/**
 * A model whose file is broken is reported by name and never served, and keeps the server unready;
 * the others are still served and each answers ready. No answer shows a file path or an ONNX
 * Runtime error code: those are for the log.
 */
@QuarkusTest
@ExtendWith(AwaitReady.class)
@TestProfile(BrokenModelRepositoryTest.WithBrokenModel.class)
class BrokenModelRepositoryTest {
    private static final String GOOD = ServedModels.digitModels().get(0);
    private static final String NOT_ONNX = "the model file could not be loaded: it is not a valid ONNX model";

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
                .body("find { it.name == 'broken' }.reason", equalTo(NOT_ONNX))
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
                .body("error", equalTo("model 'broken' failed to load: " + NOT_ONNX));
    }

    @Test
    void theBrokenModelIsNotReadyAndSaysWhy() {
        when().get("/v2/models/broken/ready")
                .then()
                .statusCode(503)
                .body("error", equalTo("model 'broken' failed to load: " + NOT_ONNX));
    }

    @Test
    void theGoodModelIsReadyAndServed() {
        when().get("/v2/models/{name}/ready", GOOD).then().statusCode(200).body("ready", equalTo(true));
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .when()
                .post("/v2/models/{name}/infer", GOOD)
                .then()
                .statusCode(200);
    }

    @Test
    void theServerIsNotReadyAndNamesTheBrokenModel() {
        when().get("/v2/health/ready")
                .then()
                .statusCode(503)
                .contentType(ContentType.JSON)
                .body("error", equalTo("the server is not ready: model 'broken' failed to load (" + NOT_ONNX + ")"));
    }

    @Test
    void kubernetesReadinessAgreesAndNamesTheBrokenModel() {
        when().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'models' }.data.broken", equalTo("UNAVAILABLE: " + NOT_ONNX))
                .body("checks.find { it.name == 'models' }.data." + GOOD, equalTo("READY"));
    }

    @Test
    void grpcAgrees() throws InterruptedException {
        try (Grpc grpc = new Grpc()) {
            assertFalse(grpc.stub()
                    .serverReady(ServerReadyRequest.getDefaultInstance())
                    .getReady());
            assertFalse(grpc.stub()
                    .modelReady(ModelReadyRequest.newBuilder().setName("broken").build())
                    .getReady());
            assertTrue(grpc.stub()
                    .modelReady(ModelReadyRequest.newBuilder().setName(GOOD).build())
                    .getReady());
            assertEquals(
                    ServingStatus.NOT_SERVING,
                    HealthGrpc.newBlockingStub(grpc.channel)
                            .check(HealthCheckRequest.getDefaultInstance())
                            .getStatus());
        }
    }

    @Test
    void livenessStaysUp() {
        when().get("/q/health/live").then().statusCode(200);
        when().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
    }

    @Test
    void noAnswerShowsAPathOrAnOnnxRuntimeCode() {
        for (String body : new String[] {
            given().contentType(ContentType.JSON).post("/v2/repository/index").asString(),
            when().get("/v2/models/broken/ready").asString(),
            when().get("/v2/health/ready").asString(),
            when().get("/q/health/ready").asString()
        }) {
            assertThat(body, not(containsString("/")));
            assertThat(body, not(containsString("ORT_")));
            assertThat(body, not(containsString("Protobuf")));
        }
    }
}
