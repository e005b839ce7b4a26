package dev.digitrecognizer.gateway.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.oip.grpc.GRPCInferenceServiceGrpc;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferResponse;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Over gRPC as over REST, shed load is passed on as overloaded with the service's own Retry-After
 * and never opens the breaker: a real gRPC server that answers every ModelInfer as inference
 * answers a full queue, UNAVAILABLE with a retry-after trailer.
 */
@QuarkusTest
@QuarkusTestResource(value = GrpcSheddingTest.SheddingServer.class, restrictToAnnotatedClass = true)
class GrpcSheddingTest {
    static final String RETRY_AFTER = "7";

    public static class SheddingServer implements QuarkusTestResourceLifecycleManager {
        private Server server;

        @Override
        public Map<String, String> start() {
            Metadata trailers = new Metadata();
            trailers.put(Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER), RETRY_AFTER);
            try {
                server = ServerBuilder.forPort(0)
                        .addService(new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
                            @Override
                            public void modelInfer(
                                    ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
                                answer.onError(Status.UNAVAILABLE
                                        .withDescription("queue full")
                                        .asRuntimeException(trailers));
                            }
                        })
                        .build()
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(
                    "gateway.inference.transport",
                    "grpc",
                    "quarkus.grpc.clients.inference.test-port",
                    Integer.toString(server.getPort()));
        }

        @Override
        public void stop() {
            if (server != null) {
                server.shutdownNow();
            }
        }
    }

    @Test
    void sheddingLoadIsPassedOnAsOverloadedAndNeverOpensTheBreaker() {
        for (int i = 0; i < 3 * InferenceClient.REQUEST_VOLUME; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("image", Images.dataUrl(Drawings.bar()), "model", "scratch"))
                    .when()
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", RETRY_AFTER)
                    .body("type", equalTo("urn:digit-recognizer:problem:overloaded"));
        }
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        assertThat(metrics, containsString("gateway_inference_circuit_open{model=\"scratch\"} 0.0"));
        assertThat(
                metrics,
                containsString("gateway_inference_attempts_total{model=\"scratch\",outcome=\"overloaded\"} "
                        + 3 * InferenceClient.REQUEST_VOLUME + ".0"));
    }
}
