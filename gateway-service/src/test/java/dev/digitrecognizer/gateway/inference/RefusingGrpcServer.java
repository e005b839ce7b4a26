package dev.digitrecognizer.gateway.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import dev.digitrecognizer.oip.grpc.GRPCInferenceServiceGrpc;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferResponse;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A real gRPC server that answers every ModelInfer UNAVAILABLE with one trailer, given as the
 * resource's init args {@code trailer} and {@code value}, as inference-service refuses a call.
 */
public class RefusingGrpcServer implements QuarkusTestResourceLifecycleManager {
    private Server server;
    private Metadata trailers;

    /**
     * Predicts with scratch past the breaker's request volume three times over, each answered 503
     * with {@code retryAfter} and the problem {@code type}; returns the gateway's metrics after.
     */
    static String everyPredictionRefused(String retryAfter, String type) {
        for (int i = 0; i < 3 * InferenceClient.REQUEST_VOLUME; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("image", Images.dataUrl(Drawings.bar()), "model", "scratch"))
                    .when()
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", retryAfter)
                    .body("type", equalTo("urn:digit-recognizer:problem:" + type));
        }
        return given().when().get("/q/metrics").then().extract().asString();
    }

    @Override
    public void init(Map<String, String> args) {
        trailers = new Metadata();
        trailers.put(Metadata.Key.of(args.get("trailer"), Metadata.ASCII_STRING_MARSHALLER), args.get("value"));
    }

    @Override
    public Map<String, String> start() {
        try {
            server = ServerBuilder.forPort(0)
                    .addService(new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
                        @Override
                        public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
                            answer.onError(Status.UNAVAILABLE.asRuntimeException(trailers));
                        }
                    })
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return InferenceServiceResource.withGrpcPort(server.getPort(), Map.of("gateway.inference.transport", "grpc"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
