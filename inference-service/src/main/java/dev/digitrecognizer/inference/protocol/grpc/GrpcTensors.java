package dev.digitrecognizer.inference.protocol.grpc;

import com.google.protobuf.ByteString;
import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.dataplane.DataPlane;
import dev.digitrecognizer.inference.dataplane.Failure.InvalidInput;
import dev.digitrecognizer.inference.dataplane.InferRequest;
import dev.digitrecognizer.inference.protocol.Fp32Bytes;
import dev.digitrecognizer.inference.repository.ModelConfig;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.InferParameter;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.InferTensorContents;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferResponse;
import java.math.BigInteger;

/**
 * A gRPC infer request in the data plane's terms, and its answer back. The values come as
 * {@code contents.fp32_contents} or as {@code raw_input_contents} (little-endian FP32, as
 * tritonclient sends them), and the answer carries the outputs the same way.
 */
final class GrpcTensors {
    private GrpcTensors() {}

    static InferRequest request(ModelInferRequest request) {
        boolean raw = request.getRawInputContentsCount() > 0;
        return new InferRequest(
                request.getModelName(),
                request.getModelVersion(),
                request.getInputsList().stream()
                        .map(input -> new InferRequest.Input(
                                input.getName(),
                                input.getDatatype(),
                                input.getShapeList(),
                                count -> raw ? readRaw(request, input, count) : readContents(input, count)))
                        .toList(),
                request.getOutputsList().stream()
                        .map(ModelInferRequest.InferRequestedOutputTensor::getName)
                        .toList(),
                value(request.getParametersMap().get(InferRequest.TIMEOUT)),
                raw);
    }

    private static float[] readRaw(ModelInferRequest request, ModelInferRequest.InferInputTensor input, int count) {
        if (request.getRawInputContentsCount() != 1) {
            throw new InvalidInput("raw_input_contents has " + request.getRawInputContentsCount()
                    + " entries; the request has one input");
        }
        if (input.hasContents()) {
            throw new InvalidInput("input '" + input.getName() + "' has both contents and raw_input_contents");
        }
        ByteString raw = request.getRawInputContents(0);
        long bytes = (long) count * Float.BYTES;
        if (raw.size() != bytes) {
            throw new InvalidInput("raw_input_contents[0] is " + raw.size() + " bytes; input '" + input.getName()
                    + "' of shape " + input.getShapeList() + " needs " + bytes + " (" + ModelConfig.DATATYPE
                    + ", 4 bytes a value)");
        }
        float[] out = new float[count];
        Fp32Bytes.unpack(raw.asReadOnlyByteBuffer(), out);
        return out;
    }

    private static float[] readContents(ModelInferRequest.InferInputTensor input, int count) {
        InferTensorContents contents = input.getContents();
        if (contents.getBoolContentsCount()
                        + contents.getIntContentsCount()
                        + contents.getInt64ContentsCount()
                        + contents.getUintContentsCount()
                        + contents.getUint64ContentsCount()
                        + contents.getFp64ContentsCount()
                        + contents.getBytesContentsCount()
                > 0) {
            throw new InvalidInput("input '" + input.getName() + "' is " + ModelConfig.DATATYPE
                    + ": its values belong in contents.fp32_contents, and no other field of contents");
        }
        if (contents.getFp32ContentsCount() != count) {
            throw new InvalidInput("input '" + input.getName() + "' has " + contents.getFp32ContentsCount()
                    + " values in fp32_contents; shape " + input.getShapeList() + " needs " + count);
        }
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = contents.getFp32Contents(i);
        }
        return out;
    }

    /** The answer, its outputs raw when the request's inputs were, in contents otherwise. */
    static ModelInferResponse response(ModelInferRequest request, boolean raw, DataPlane.InferResult result) {
        ServedModel model = result.model();
        ModelInferResponse.InferOutputTensor.Builder output = ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(model.config().outputName())
                .setDatatype(ModelConfig.DATATYPE)
                .addShape(result.rows())
                .addShape(model.outputWidth());
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(model.name())
                .setModelVersion(Long.toString(model.version()))
                .setId(request.getId());
        float[] values = result.output();
        if (raw) {
            response.addRawOutputContents(ByteString.copyFrom(Fp32Bytes.pack(values)));
        } else {
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            for (float value : values) {
                contents.addFp32Contents(value);
            }
            output.setContents(contents);
        }
        return response.addOutputs(output).build();
    }

    /** A parameter's value as the data plane reads it, or null if it is not given. */
    private static Object value(InferParameter parameter) {
        if (parameter == null) {
            return null;
        }
        return switch (parameter.getParameterChoiceCase()) {
            case BOOL_PARAM -> parameter.getBoolParam();
            case INT64_PARAM -> parameter.getInt64Param();
            case STRING_PARAM -> parameter.getStringParam();
            case DOUBLE_PARAM -> parameter.getDoubleParam();
            case UINT64_PARAM -> new BigInteger(Long.toUnsignedString(parameter.getUint64Param()));
            case PARAMETERCHOICE_NOT_SET -> null;
        };
    }
}
