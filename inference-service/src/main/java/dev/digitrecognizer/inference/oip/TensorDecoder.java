package dev.digitrecognizer.inference.oip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.oip.OipErrors.InvalidInput;
import dev.digitrecognizer.inference.repository.ModelConfig;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Checks an infer request against the model's signature, reads its rows of floats, and whether it
 * asks for its output as binary data (the binary tensor extension's {@code binary_data} on the
 * output, or else {@code binary_data_output} on the request).
 */
final class TensorDecoder {
    static final String BINARY_SIZE = "binary_data_size";
    private static final String BINARY_OUTPUT = "binary_data";
    private static final String BINARY_OUTPUTS = "binary_data_output";

    record Rows(float[] data, int count, boolean binaryOutput) {}

    private TensorDecoder() {}

    /** {@code binary} is the data section of a binary request, or null for a JSON one. */
    static Rows decode(InferRequest request, ByteBuffer binary, ServedModel model, int maxRows) {
        if (request == null) {
            throw new InvalidInput("the request body must be a JSON inference request");
        }
        if (request.inputs() == null || request.inputs().size() != 1) {
            throw oneInput(model);
        }
        boolean binaryOutput = Boolean.TRUE.equals(flag(request.parameters(), BINARY_OUTPUTS, "the request"));
        if (request.outputs() != null) {
            for (InferRequest.Output output : request.outputs()) {
                checkOutput(model, output == null ? null : output.name());
                Boolean own = flag(output.parameters(), BINARY_OUTPUT, "output '" + output.name() + "'");
                if (own != null) {
                    binaryOutput = own;
                }
            }
        }
        InferRequest.Input input = request.inputs().get(0);
        String inputName = model.config().inputName();
        int rows = input == null
                ? rows(model, null, null, null, maxRows)
                : rows(model, input.name(), input.datatype(), input.shape(), maxRows);
        float[] data = new float[rows * model.inputWidth()];
        Object binarySize =
                input.parameters() == null ? null : input.parameters().get(BINARY_SIZE);
        if (binarySize != null) {
            readBinary(binarySize, input.data() != null, binary, data, inputName);
            return new Rows(data, rows, binaryOutput);
        }
        if (binary != null && binary.hasRemaining()) {
            throw new InvalidInput("the request has " + binary.remaining()
                    + " bytes of binary data, but no input declares " + BINARY_SIZE);
        }
        int count = flatten(input.data(), data, 0, inputName);
        if (count != data.length) {
            throw new InvalidInput("input '" + inputName + "' has " + count + " values; shape " + input.shape()
                    + " needs " + data.length);
        }
        return new Rows(data, rows, binaryOutput);
    }

    static InvalidInput oneInput(ServedModel model) {
        return new InvalidInput("model '" + model.name() + "' takes exactly one input, '"
                + model.config().inputName() + "'");
    }

    /** A requested output must be the model's. */
    static void checkOutput(ServedModel model, String name) {
        if (!model.config().outputName().equals(name)) {
            throw new InvalidInput("unknown output '" + name + "'; model '" + model.name() + "' has '"
                    + model.config().outputName() + "'");
        }
    }

    /** Checks the input's name, datatype and shape [N, width] against the model; returns N. */
    static int rows(ServedModel model, String name, String datatype, List<Long> shape, int maxRows) {
        String inputName = model.config().inputName();
        if (!inputName.equals(name)) {
            throw new InvalidInput(
                    "unknown input '" + name + "'; model '" + model.name() + "' takes '" + inputName + "'");
        }
        if (!ModelConfig.DATATYPE.equals(datatype)) {
            throw new InvalidInput(
                    "input '" + inputName + "' has datatype '" + datatype + "'; expected " + ModelConfig.DATATYPE);
        }
        int width = model.inputWidth();
        if (shape == null
                || shape.size() != 2
                || shape.get(1) == null
                || shape.get(1) != width
                || shape.get(0) == null
                || shape.get(0) < 1) {
            throw new InvalidInput(
                    "input '" + inputName + "' has shape " + shape + "; expected [N," + width + "] with N >= 1");
        }
        if (shape.get(0) > maxRows) {
            throw new InvalidInput(
                    "input '" + inputName + "' has " + shape.get(0) + " rows; at most " + maxRows + " are allowed");
        }
        return shape.get(0).intValue();
    }

    /** Every value must be a finite FP32 number: NaN and infinity are refused, not computed. */
    static void requireFinite(float[] values, String name) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                throw new InvalidInput("input '" + name + "' has a value that is not a finite FP32 number: " + value);
            }
        }
    }

    /** A true-or-false parameter of {@code owner}, or null if it is not given. */
    private static Boolean flag(Map<String, Object> parameters, String name, String owner) {
        Object value = parameters == null ? null : parameters.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw new InvalidInput("parameter '" + name + "' of " + owner + " must be true or false, not "
                + (value instanceof String text ? "the text '" + text + "'" : value));
    }

    /** Reads the input from the binary data section, little-endian FP32 as the extension defines it. */
    private static void readBinary(Object size, boolean hasJsonData, ByteBuffer binary, float[] out, String name) {
        if (binary == null) {
            throw new InvalidInput("input '" + name + "' declares " + BINARY_SIZE + ", but the request is JSON;"
                    + " send it as application/octet-stream with an " + BinaryRequest.HEADER_LENGTH + " header");
        }
        if (hasJsonData) {
            throw new InvalidInput("input '" + name + "' has both data and " + BINARY_SIZE);
        }
        long bytes = (long) out.length * Float.BYTES;
        boolean whole = size instanceof Integer || size instanceof Long || size instanceof java.math.BigInteger;
        if (!whole || ((Number) size).longValue() != bytes) {
            throw new InvalidInput(
                    "input '" + name + "' has " + BINARY_SIZE + " " + size + "; its shape needs " + bytes);
        }
        if (binary.remaining() != bytes) {
            throw new InvalidInput(
                    "the binary data is " + binary.remaining() + " bytes; input '" + name + "' declares " + bytes);
        }
        binary.asFloatBuffer().get(out);
        requireFinite(out, name);
    }

    /** Copies the numbers of a flat or nested array into {@code out}; returns how many there were. */
    private static int flatten(JsonNode node, float[] out, int offset, String name) {
        if (node == null || !node.isArray()) {
            throw new InvalidInput("input '" + name + "' needs its data as an array of numbers");
        }
        int index = offset;
        for (JsonNode element : node) {
            if (element.isArray()) {
                index = flatten(element, out, index, name);
                continue;
            }
            if (!element.isNumber()) {
                throw new InvalidInput("input '" + name + "' has a value that is not a number: " + element);
            }
            float value = element.floatValue();
            if (!Float.isFinite(value)) {
                throw new InvalidInput("input '" + name + "' has a value that is not a finite FP32 number: " + element);
            }
            if (index < out.length) {
                out[index] = value;
            }
            index++;
        }
        return index;
    }
}
