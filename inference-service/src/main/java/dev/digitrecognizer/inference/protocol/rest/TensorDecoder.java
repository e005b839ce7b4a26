package dev.digitrecognizer.inference.protocol.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.inference.dataplane.Failure.InvalidInput;
import dev.digitrecognizer.inference.dataplane.InferRequest;
import dev.digitrecognizer.inference.protocol.Fp32Bytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a REST infer request into the data plane's {@link InferRequest}: its input's values from
 * JSON {@code data} or from the binary data section, and whether it asks for its output as binary
 * data (the binary tensor extension's {@code binary_data} on the output, or else
 * {@code binary_data_output} on the request).
 */
final class TensorDecoder {
    static final String BINARY_SIZE = "binary_data_size";
    private static final String BINARY_OUTPUT = "binary_data";
    private static final String BINARY_OUTPUTS = "binary_data_output";

    private TensorDecoder() {}

    /** {@code binary} is the data section of a binary request, or null for a JSON one. */
    static InferRequest decode(String model, String version, InferenceRequest request, ByteBuffer binary) {
        if (request == null) {
            throw new InvalidInput("the request body must be a JSON inference request");
        }
        boolean binaryOutput = Boolean.TRUE.equals(flag(request.parameters(), BINARY_OUTPUTS, "the request"));
        List<String> outputs = new ArrayList<>();
        if (request.outputs() != null) {
            for (InferenceRequest.Output output : request.outputs()) {
                outputs.add(output == null ? null : output.name());
                Boolean own = output == null
                        ? null
                        : flag(output.parameters(), BINARY_OUTPUT, "output '" + output.name() + "'");
                if (own != null) {
                    binaryOutput = own;
                }
            }
        }
        List<InferRequest.Input> inputs = request.inputs() == null
                ? List.of()
                : request.inputs().stream().map(input -> input(input, binary)).toList();
        Object timeout =
                request.parameters() == null ? null : request.parameters().get(InferRequest.TIMEOUT);
        return new InferRequest(model, version, inputs, outputs, timeout, binaryOutput);
    }

    private static InferRequest.Input input(InferenceRequest.Input input, ByteBuffer binary) {
        if (input == null) {
            return new InferRequest.Input(null, null, null, null); // refused by its name before its values are read
        }
        return new InferRequest.Input(input.name(), input.datatype(), input.shape(), count -> {
            float[] data = new float[count];
            Object binarySize =
                    input.parameters() == null ? null : input.parameters().get(BINARY_SIZE);
            if (binarySize != null) {
                readBinary(binarySize, input.data() != null, binary, data, input.name());
                return data;
            }
            if (binary != null && binary.hasRemaining()) {
                throw new InvalidInput("the request has " + binary.remaining()
                        + " bytes of binary data, but no input declares " + BINARY_SIZE);
            }
            int values = flatten(input.data(), data, 0, input.name());
            if (values != data.length) {
                throw new InvalidInput("input '" + input.name() + "' has " + values + " values; shape " + input.shape()
                        + " needs " + data.length);
            }
            return data;
        });
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

    /** Reads the input from the binary data section. */
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
        Fp32Bytes.unpack(binary, out);
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
