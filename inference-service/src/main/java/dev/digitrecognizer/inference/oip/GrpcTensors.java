package dev.digitrecognizer.inference.oip;

import com.google.protobuf.ByteString;
import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.oip.OipErrors.InvalidInput;
import dev.digitrecognizer.inference.repository.ModelConfig;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.InferParameter;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.InferTensorContents;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferResponse;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * A gRPC infer request's rows and its answer. The checks are REST's ({@link TensorDecoder}); the
 * values come as {@code contents.fp32_contents} or as {@code raw_input_contents} (little-endian
 * FP32, as tritonclient sends them), and the answer carries the outputs the same way.
 */
final class GrpcTensors {
    private GrpcTensors() {}

    static TensorDecoder.Rows rows(ModelInferRequest request, ServedModel model, int maxRows) {
        if (request.getInputsCount() != 1) {
            throw TensorDecoder.oneInput(model);
        }
        request.getOutputsList().forEach(output -> TensorDecoder.checkOutput(model, output.getName()));
        ModelInferRequest.InferInputTensor input = request.getInputs(0);
        String name = input.getName();
        int rows = TensorDecoder.rows(model, name, input.getDatatype(), input.getShapeList(), maxRows);
        float[] data = new float[rows * model.inputWidth()];
        if (request.getRawInputContentsCount() > 0) {
            readRaw(request, input, data);
        } else {
            readContents(input, data);
        }
        TensorDecoder.requireFinite(data, name);
        return new TensorDecoder.Rows(data, rows, false);
    }

    private static void readRaw(ModelInferRequest request, ModelInferRequest.InferInputTensor input, float[] out) {
        if (request.getRawInputContentsCount() != 1) {
            throw new InvalidInput("raw_input_contents has " + request.getRawInputContentsCount()
                    + " entries; the request has one input");
        }
        if (input.hasContents()) {
            throw new InvalidInput("input '" + input.getName() + "' has both contents and raw_input_contents");
        }
        ByteString raw = request.getRawInputContents(0);
        long bytes = (long) out.length * Float.BYTES;
        if (raw.size() != bytes) {
            throw new InvalidInput("raw_input_contents[0] is " + raw.size() + " bytes; input '" + input.getName()
                    + "' of shape " + input.getShapeList() + " needs " + bytes + " (" + ModelConfig.DATATYPE
                    + ", 4 bytes a value)");
        }
        raw.asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(out);
    }

    private static void readContents(ModelInferRequest.InferInputTensor input, float[] out) {
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
        if (contents.getFp32ContentsCount() != out.length) {
            throw new InvalidInput("input '" + input.getName() + "' has " + contents.getFp32ContentsCount()
                    + " values in fp32_contents; shape " + input.getShapeList() + " needs " + out.length);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = contents.getFp32Contents(i);
        }
    }

    /** The answer, its outputs raw when the request's inputs were, in contents otherwise. */
    static ModelInferResponse response(ModelInferRequest request, Inference.Outcome outcome) {
        ServedModel model = outcome.model();
        ModelInferResponse.InferOutputTensor.Builder output = ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(model.config().outputName())
                .setDatatype(ModelConfig.DATATYPE)
                .addShape(outcome.rows())
                .addShape(model.outputWidth());
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(model.name())
                .setModelVersion(Long.toString(model.version()))
                .setId(request.getId());
        float[] values = outcome.output();
        if (request.getRawInputContentsCount() > 0) {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            response.addRawOutputContents(ByteString.copyFrom(bytes.array()));
        } else {
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            for (float value : values) {
                contents.addFp32Contents(value);
            }
            output.setContents(contents);
        }
        return response.addOutputs(output).build();
    }

    /** The request's parameters as REST's JSON gives them, for the checks both share. */
    static Map<String, Object> parameters(Map<String, InferParameter> parameters) {
        Map<String, Object> values = new HashMap<>();
        parameters.forEach((name, parameter) -> values.put(name, value(parameter)));
        return values;
    }

    private static Object value(InferParameter parameter) {
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
