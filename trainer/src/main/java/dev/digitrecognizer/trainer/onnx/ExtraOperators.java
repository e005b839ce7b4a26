package dev.digitrecognizer.trainer.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/** The operators that tribuo's {@code ONNXOperators} lacks, at the versions opset 13 resolves to. */
enum ExtraOperators implements ONNXOperator {
    CONV("Conv", 2, 1, 11, ints("kernel_shape"), ints("strides"), ints("pads")),
    MAX_POOL("MaxPool", 1, 0, 12, ints("kernel_shape"), ints("strides")),
    RELU("Relu", 1, 0, 13),
    RESHAPE("Reshape", 2, 0, 13),
    FLATTEN("Flatten", 1, 0, 13, new ONNXAttribute("axis", AttributeType.INT, false));

    private final String opName;
    private final int inputs;
    private final int optionalInputs;
    private final int version;
    private final Map<String, ONNXAttribute> attributes;

    ExtraOperators(String opName, int inputs, int optionalInputs, int version, ONNXAttribute... attributes) {
        this.opName = opName;
        this.inputs = inputs;
        this.optionalInputs = optionalInputs;
        this.version = version;
        this.attributes = Collections.unmodifiableMap(
                Arrays.stream(attributes).collect(Collectors.toMap(ONNXAttribute::getName, Function.identity())));
    }

    private static ONNXAttribute ints(String name) {
        return new ONNXAttribute(name, AttributeType.INTS, false);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return optionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Set.of();
    }

    @Override
    public int getOpVersion() {
        return version;
    }

    @Override
    public String getOpDomain() {
        return "ai.onnx";
    }
}
