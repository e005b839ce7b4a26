package dev.digitrecognizer.trainer.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.digitrecognizer.trainer.network.Layer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back a model {@link OnnxExporter} wrote: its chain of operators and their initializers, as
 * the {@link Layer}s they were written from, so that training can resume from a served model.
 * Batch norm is not among them: the exporter folds it into the layer before, for good.
 */
public final class OnnxImporter {
    private OnnxImporter() {}

    /**
     * @throws IllegalArgumentException with a sentence, for bytes that are not ONNX or a graph the
     *     exporter does not write
     */
    public static List<Layer> layers(byte[] model) {
        OnnxMl.GraphProto graph;
        try {
            graph = OnnxMl.ModelProto.parseFrom(model).getGraph();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model (" + e.getMessage() + ")");
        }
        Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        List<Layer> layers = new ArrayList<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            switch (node.getOpType()) {
                case "Reshape" -> layers.add(new Layer.ToImage((int) longs(tensor(initializers, node, 1))[2]));
                case "Conv" -> {
                    OnnxMl.TensorProto weight = tensor(initializers, node, 1);
                    layers.add(new Layer.Conv(
                            (int) weight.getDims(0),
                            (int) weight.getDims(1),
                            (int) weight.getDims(2),
                            floats(weight),
                            floats(tensor(initializers, node, 2))));
                }
                case "Gemm" -> {
                    if (attribute(node, "transB") != 1) {
                        throw new IllegalArgumentException("a Gemm without transB=1, which the trainer does not write");
                    }
                    OnnxMl.TensorProto weight = tensor(initializers, node, 1);
                    layers.add(new Layer.Dense(
                            (int) weight.getDims(0),
                            (int) weight.getDims(1),
                            floats(weight),
                            floats(tensor(initializers, node, 2))));
                }
                case "Relu" -> layers.add(new Layer.Relu());
                case "MaxPool" ->
                    layers.add(new Layer.MaxPool((int) node.getAttributeList().stream()
                            .filter(a -> a.getName().equals("kernel_shape"))
                            .findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("a MaxPool without kernel_shape"))
                            .getInts(0)));
                case "Flatten" -> layers.add(new Layer.Flatten());
                case "Softmax", "Identity" -> {
                    // the output the exporter adds after the last layer
                }
                default ->
                    throw new IllegalArgumentException(
                            "an ONNX operator the trainer does not write: " + node.getOpType());
            }
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an ONNX model with no layers");
        }
        return layers;
    }

    private static OnnxMl.TensorProto tensor(
            Map<String, OnnxMl.TensorProto> initializers, OnnxMl.NodeProto node, int input) {
        OnnxMl.TensorProto tensor = input < node.getInputCount() ? initializers.get(node.getInput(input)) : null;
        if (tensor == null) {
            throw new IllegalArgumentException(node.getOpType() + " input " + input + " is not a stored tensor");
        }
        return tensor;
    }

    private static long attribute(OnnxMl.NodeProto node, String name) {
        return node.getAttributeList().stream()
                .filter(a -> a.getName().equals(name))
                .mapToLong(OnnxMl.AttributeProto::getI)
                .findFirst()
                .orElse(0);
    }

    private static float[] floats(OnnxMl.TensorProto tensor) {
        if (tensor.getDataType() != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException(tensor.getName() + " is not a float tensor");
        }
        float[] values;
        if (tensor.getFloatDataCount() > 0) {
            values = new float[tensor.getFloatDataCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = tensor.getFloatData(i);
            }
        } else {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            values = new float[raw.remaining() / Float.BYTES];
            raw.asFloatBuffer().get(values);
        }
        long expected = tensor.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
        if (values.length != expected) {
            throw new IllegalArgumentException(
                    tensor.getName() + " holds " + values.length + " values for dimensions " + tensor.getDimsList());
        }
        return values;
    }

    private static long[] longs(OnnxMl.TensorProto tensor) {
        if (tensor.getInt64DataCount() > 0) {
            return tensor.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }
        ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long[] values = new long[raw.remaining() / Long.BYTES];
        raw.asLongBuffer().get(values);
        return values;
    }
}
