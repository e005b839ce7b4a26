package dev.digitrecognizer.inference;

import static dev.digitrecognizer.mnist.ModelContract.CLASSES;
import static dev.digitrecognizer.mnist.ModelContract.DATATYPE;
import static dev.digitrecognizer.mnist.ModelContract.INPUT;
import static dev.digitrecognizer.mnist.ModelContract.OUTPUT;
import static dev.digitrecognizer.mnist.ModelContract.PIXELS;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferResponse;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelMetadataRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelMetadataResponse;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelReadyRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ServerLiveRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ServerMetadataRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ServerReadyRequest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Open Inference Protocol over gRPC, driven by a client generated from grpc_predict_v2.proto. */
@QuarkusTest
@ExtendWith(AwaitReady.class)
class GrpcInferenceTest {
    private static final List<String> MODELS = ServedModels.digitModels();
    private static Grpc grpc;

    @BeforeAll
    static void connect() {
        grpc = new Grpc();
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        grpc.close();
    }

    @Test
    void theServerIsLiveAndReady() {
        assertTrue(
                grpc.stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        assertTrue(
                grpc.stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
    }

    @Test
    void serverMetadataNamesTheServerAndItsExtensions() {
        var metadata = grpc.stub().serverMetadata(ServerMetadataRequest.getDefaultInstance());
        assertEquals("digit-recognizer-inference", metadata.getName());
        assertTrue(metadata.getExtensionsList().contains("model_repository"), metadata.getExtensionsList()::toString);
    }

    @Test
    void everyModelIsReadyWithTheRestSignature() {
        for (String model : MODELS) {
            assertTrue(grpc.stub()
                    .modelReady(ModelReadyRequest.newBuilder().setName(model).build())
                    .getReady());
            ModelMetadataResponse metadata = grpc.stub()
                    .modelMetadata(
                            ModelMetadataRequest.newBuilder().setName(model).build());
            assertEquals(model, metadata.getName());
            assertFalse(metadata.getVersionsList().isEmpty());
            assertEquals(INPUT, metadata.getInputs(0).getName());
            assertEquals(DATATYPE, metadata.getInputs(0).getDatatype());
            assertEquals(List.of(-1L, (long) PIXELS), metadata.getInputs(0).getShapeList());
            assertEquals(OUTPUT, metadata.getOutputs(0).getName());
            assertEquals(List.of(-1L, (long) CLASSES), metadata.getOutputs(0).getShapeList());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64})
    void fp32ContentsGetTheRestAnswerToTheFloat(int rows) {
        int[] digits = IntStream.range(100, 100 + rows).toArray();
        for (String model : MODELS) {
            ModelInferResponse response = grpc.stub()
                    .modelInfer(Grpc.request(model, false, digits)
                            .setId("fp32-" + rows)
                            .build());
            assertEquals(model, response.getModelName());
            assertEquals("fp32-" + rows, response.getId());
            assertEquals(0, response.getRawOutputContentsCount());
            assertEquals(OUTPUT, response.getOutputs(0).getName());
            assertEquals(
                    List.of((long) rows, (long) CLASSES), response.getOutputs(0).getShapeList());
            assertArrayEquals(
                    Grpc.restAnswer(model, digits),
                    Grpc.toArray(response.getOutputs(0).getContents().getFp32ContentsList()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64})
    void rawContentsGetTheRestAnswerToTheFloatAsRawOutput(int rows) {
        int[] digits = IntStream.range(200, 200 + rows).toArray();
        for (String model : MODELS) {
            ModelInferResponse response =
                    grpc.stub().modelInfer(Grpc.request(model, true, digits).build());
            assertFalse(response.getOutputs(0).hasContents());
            assertEquals(
                    List.of((long) rows, (long) CLASSES), response.getOutputs(0).getShapeList());
            assertArrayEquals(Grpc.restAnswer(model, digits), Grpc.floats(response.getRawOutputContents(0)));
        }
    }

    @Test
    void aNamedVersionIsTheOneThatAnswers() {
        String model = MODELS.get(0);
        String version = grpc.stub()
                .modelMetadata(ModelMetadataRequest.newBuilder().setName(model).build())
                .getVersions(0);
        ModelInferResponse response = grpc.stub()
                .modelInfer(
                        Grpc.request(model, true, 7).setModelVersion(version).build());
        assertEquals(version, response.getModelVersion());
    }

    /** gRPC requests are counted where REST ones are: the statistics and the nv_* metrics. */
    @Test
    void statisticsAndTritonMetricsCountGrpcRequestsExactly() {
        String model = MODELS.get(MODELS.size() - 1);
        String[] labels = {Metrics.model(model), "version=\"1\""};
        long rowsBefore = inferenceCount(model);
        double successBefore = Metrics.value("nv_inference_request_success", labels);
        for (int rows : new int[] {1, 5, 7}) {
            grpc.stub()
                    .modelInfer(Grpc.request(
                                    model,
                                    rows % 2 == 0,
                                    IntStream.range(0, rows).toArray())
                            .build());
        }
        assertEquals(rowsBefore + 13, inferenceCount(model));
        assertEquals(successBefore + 3, Metrics.value("nv_inference_request_success", labels));
        assertEquals(rowsBefore + 13, Metrics.value("nv_inference_count", labels));
    }

    private static long inferenceCount(String model) {
        return given().get("/v2/models/{model}/stats", model)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("model_stats[0].inference_count");
    }
}
