package dev.digitrecognizer.inference;

import static dev.digitrecognizer.mnist.ModelContract.PIXELS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.oip.grpc.GRPCInferenceServiceGrpc;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.InferParameter;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.InferTensorContents;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelMetadataRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelReadyRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ServerLiveRequest;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mistake a gRPC client can make gets the status code of its REST counterpart with a
 * sentence, never UNKNOWN or INTERNAL; none of them takes the server or the channel down.
 */
@QuarkusTest
@ExtendWith(AwaitReady.class)
class GrpcErrorsTest {
    private static final String MODEL = ServedModels.digitModels().get(0);
    private static Grpc grpc;

    @BeforeAll
    static void connect() {
        grpc = new Grpc();
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        grpc.close();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("unknown model", r -> r.setModelName("no-such-model"), Status.Code.NOT_FOUND, "unknown model"),
                bad("unknown version", r -> r.setModelVersion("999"), Status.Code.NOT_FOUND, "no version '999'"),
                bad(
                        "a version that is not a number",
                        r -> r.setModelVersion("latest"),
                        Status.Code.NOT_FOUND,
                        "no version 'latest'"),
                bad(
                        "wrong shape",
                        r -> r.setInputs(0, r.getInputs(0).toBuilder().setShape(1, 783)),
                        Status.Code.INVALID_ARGUMENT,
                        "expected [N,784]"),
                bad(
                        "wrong datatype",
                        r -> r.setInputs(0, r.getInputs(0).toBuilder().setDatatype("INT64")),
                        Status.Code.INVALID_ARGUMENT,
                        "datatype 'INT64'"),
                bad(
                        "unknown input",
                        r -> r.setInputs(0, r.getInputs(0).toBuilder().setName("pixels")),
                        Status.Code.INVALID_ARGUMENT,
                        "unknown input 'pixels'"),
                bad("two inputs", r -> r.addInputs(r.getInputs(0)), Status.Code.INVALID_ARGUMENT, "exactly one input"),
                bad(
                        "unknown output",
                        r -> r.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                                .setName("logits")),
                        Status.Code.INVALID_ARGUMENT,
                        "unknown output 'logits'"),
                bad(
                        "raw contents one float short",
                        r -> r.setRawInputContents(0, r.getRawInputContents(0).substring(4)),
                        Status.Code.INVALID_ARGUMENT,
                        "is 3132 bytes"),
                bad(
                        "raw contents for two inputs",
                        r -> r.addRawInputContents(ByteString.EMPTY),
                        Status.Code.INVALID_ARGUMENT,
                        "raw_input_contents has 2 entries"),
                bad(
                        "raw contents and contents both",
                        r -> r.setInputs(
                                0,
                                r.getInputs(0).toBuilder()
                                        .setContents(
                                                InferTensorContents.newBuilder().addFp32Contents(1))),
                        Status.Code.INVALID_ARGUMENT,
                        "both contents and raw_input_contents"),
                bad(
                        "contents in the wrong field",
                        r -> r.clearRawInputContents()
                                .setInputs(
                                        0,
                                        r.getInputs(0).toBuilder()
                                                .setContents(InferTensorContents.newBuilder()
                                                        .addIntContents(1))),
                        Status.Code.INVALID_ARGUMENT,
                        "fp32_contents"),
                bad(
                        "too few fp32 values",
                        r -> r.clearRawInputContents()
                                .setInputs(
                                        0,
                                        r.getInputs(0).toBuilder()
                                                .setContents(InferTensorContents.newBuilder()
                                                        .addFp32Contents(1))),
                        Status.Code.INVALID_ARGUMENT,
                        "has 1 values in fp32_contents"),
                bad(
                        "a NaN",
                        r -> r.setRawInputContents(0, Grpc.raw(nanRow())),
                        Status.Code.INVALID_ARGUMENT,
                        "not a finite FP32 number"),
                bad(
                        "a timeout the model does not allow",
                        r -> r.putParameters(
                                "timeout",
                                InferParameter.newBuilder().setInt64Param(1000).build()),
                        Status.Code.INVALID_ARGUMENT,
                        "allow_timeout_override"),
                bad(
                        "a timeout that is not a number",
                        r -> r.putParameters(
                                "timeout",
                                InferParameter.newBuilder().setStringParam("1s").build()),
                        Status.Code.INVALID_ARGUMENT,
                        "whole number of microseconds"));
    }

    private static Arguments bad(
            String what,
            Function<ModelInferRequest.Builder, ModelInferRequest.Builder> change,
            Status.Code code,
            String says) {
        return Arguments.of(what, change, code, says);
    }

    private static float[] nanRow() {
        float[] row = Digits.rows(0);
        row[PIXELS / 2] = Float.NaN;
        return row;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadInferRequestGetsItsStatusAndASentence(
            String what,
            Function<ModelInferRequest.Builder, ModelInferRequest.Builder> change,
            Status.Code code,
            String says) {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> grpc.stub()
                        .modelInfer(change.apply(Grpc.request(MODEL, true, 0)).build()));
        assertEquals(code, e.getStatus().getCode(), what + ": " + e.getStatus());
        assertTrue(String.valueOf(e.getStatus().getDescription()).contains(says), e.getStatus()::toString);
        assertTrue(
                grpc.stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive(), "the server went down");
    }

    @Test
    void metadataAndReadinessOfAnUnknownModelAreNotFound() {
        StatusRuntimeException metadata = assertThrows(
                StatusRuntimeException.class,
                () -> grpc.stub()
                        .modelMetadata(ModelMetadataRequest.newBuilder()
                                .setName("no-such-model")
                                .build()));
        assertEquals(Status.Code.NOT_FOUND, metadata.getStatus().getCode());
        StatusRuntimeException ready = assertThrows(
                StatusRuntimeException.class,
                () -> grpc.stub()
                        .modelReady(ModelReadyRequest.newBuilder()
                                .setName("no-such-model")
                                .build()));
        assertEquals(Status.Code.NOT_FOUND, ready.getStatus().getCode());
    }

    /** 1025 rows are past the row limit, and over the message size limit: the size is checked first, by gRPC. */
    @Test
    void aMessageOverTheSizeLimitIsResourceExhausted() {
        int[] digits = new int[1400];
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> grpc.stub().modelInfer(Grpc.request(MODEL, true, digits).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus()::toString);
        assertTrue(
                grpc.stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
    }

    @Test
    void moreRowsThanARequestMayCarryIsInvalid() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> grpc.stub()
                        .modelInfer(Grpc.request(MODEL, true, new int[1025]).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus()::toString);
        assertTrue(e.getStatus().getDescription().contains("at most 1024"), e.getStatus()::toString);
    }

    /** Bytes that are not a ModelInferRequest, sent as one: the client's mistake, not the server's. */
    @Test
    void malformedProtobufIsInvalidArgument() {
        MethodDescriptor<byte[], byte[]> raw = GRPCInferenceServiceGrpc.getModelInferMethod().toBuilder(
                        new Bytes(), new Bytes())
                .build();
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(
                        grpc.channel, raw, CallOptions.DEFAULT, new byte[] {(byte) 0x0a, (byte) 0xff, 0x01}));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus()::toString);
        assertTrue(
                grpc.stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
    }

    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
