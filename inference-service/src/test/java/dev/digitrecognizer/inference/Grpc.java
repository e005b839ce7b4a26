package dev.digitrecognizer.inference;

import static dev.digitrecognizer.mnist.ModelContract.DATATYPE;
import static dev.digitrecognizer.mnist.ModelContract.INPUT;
import static dev.digitrecognizer.mnist.ModelContract.PIXELS;

import com.google.protobuf.ByteString;
import dev.digitrecognizer.fixtures.GrpcChannels;
import dev.digitrecognizer.fixtures.LittleEndianFloats;
import dev.digitrecognizer.oip.grpc.GRPCInferenceServiceGrpc;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.InferTensorContents;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferRequest;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A real gRPC client of the running service, on stubs generated from oip-proto's
 * grpc_predict_v2.proto, and infer requests built from MNIST test digits.
 */
final class Grpc implements AutoCloseable {
    final ManagedChannel channel;

    Grpc() {
        channel = GrpcChannels.local(port());
    }

    /** The port the test's server took: {@code quarkus.grpc.server.test-port=0} picks a free one. */
    static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    }

    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** An infer request for the test digits, with {@code raw} their bytes in raw_input_contents, else fp32_contents. */
    static ModelInferRequest.Builder request(String model, boolean raw, int... digits) {
        float[] values = Digits.rows(digits);
        ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(INPUT)
                .setDatatype(DATATYPE)
                .addShape(digits.length)
                .addShape(PIXELS);
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model);
        if (raw) {
            request.addRawInputContents(raw(values));
        } else {
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            for (float value : values) {
                contents.addFp32Contents(value);
            }
            input.setContents(contents);
        }
        return request.addInputs(input);
    }

    /** REST's answer for the same test images, to compare gRPC's with. */
    static float[] restAnswer(String model, int... digits) {
        return toArray(InferenceResourceTest.probabilities(model, digits));
    }

    static float[] toArray(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    static ByteString raw(float[] values) {
        return ByteString.copyFrom(LittleEndianFloats.pack(values));
    }

    static float[] floats(ByteString raw) {
        return LittleEndianFloats.unpack(raw.asReadOnlyByteBuffer());
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
