package dev.digitrecognizer.trainer.onnx;

import ai.onnx.proto.OnnxMl;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.trainer.network.Layer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a network, or the mean of several, as an ONNX model (IR 8, opset 13) that keeps the
 * {@link ModelContract}: its output is the softmax of the last layer.
 */
public final class OnnxExporter {
    private static final int IR_VERSION = 8;
    private static final int OPSET = 13;

    private OnnxExporter() {}

    /** @param classes the width of the softmax output */
    public static byte[] export(String name, List<Layer> layers, int classes) {
        return exportMean(name, List.of(layers), classes);
    }

    /**
     * Writes several networks as one model whose output is the mean of their softmax outputs: one
     * input, each member's layers beside the others', and one request runs them all.
     *
     * @param classes the width of every member's softmax output
     */
    public static byte[] exportMean(String name, List<List<Layer>> members, int classes) {
        ONNXContext context = new ONNXContext();
        context.setName(name);
        ONNXRef<?> input = context.floatInput(ModelContract.INPUT, ModelContract.PIXELS);
        List<ONNXRef<?>> outputs = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            String prefix = members.size() == 1 ? name : name + "_member" + m;
            ONNXRef<?> x = input;
            int index = 0;
            for (Layer layer : members.get(m)) {
                x = layer.accept(new Operators(context, x, prefix + "_" + index++));
            }
            outputs.add(x.apply(ONNXOperators.SOFTMAX, Map.of("axis", -1)));
        }
        ONNXRef<?> probs = outputs.size() == 1
                ? outputs.get(0)
                : context.operation(ONNXOperators.SUM, outputs, name + "_sum")
                        .apply(ONNXOperators.MUL, context.constant(name + "_share", 1f / outputs.size()));
        probs.assignTo(context.floatOutput(ModelContract.OUTPUT, classes));

        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("digit-recognizer trainer")
                .setDomain("dev.digitrecognizer")
                .setModelVersion(1)
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(context.buildGraph())
                .build();
        return model.toByteArray();
    }

    /** Appends one layer's operators after {@code x}, their names starting with {@code prefix}. */
    private record Operators(ONNXContext context, ONNXRef<?> x, String prefix) implements Layer.Visitor<ONNXRef<?>> {
        @Override
        public ONNXRef<?> toImage(Layer.ToImage image) {
            return context.operation(
                    ExtraOperators.RESHAPE,
                    List.of(x, context.array(prefix + "_shape", new long[] {-1, 1, image.side(), image.side()})),
                    prefix + "_image");
        }

        @Override
        public ONNXRef<?> conv(Layer.Conv conv) {
            return context.operation(
                    ExtraOperators.CONV,
                    List.of(
                            x,
                            context.floatTensor(
                                    prefix + "_weight",
                                    List.of(conv.outChannels(), conv.inChannels(), conv.kernel(), conv.kernel()),
                                    buffer -> buffer.put(conv.weight())),
                            context.array(prefix + "_bias", conv.bias())),
                    prefix + "_conv",
                    Map.of("kernel_shape", new int[] {conv.kernel(), conv.kernel()}));
        }

        @Override
        public ONNXRef<?> dense(Layer.Dense dense) {
            // DJL's Linear stores [out][in]; Gemm with transB=1 computes x * W^T + b.
            return context.operation(
                    ONNXOperators.GEMM,
                    List.of(
                            x,
                            context.floatTensor(
                                    prefix + "_weight",
                                    List.of(dense.out(), dense.in()),
                                    buffer -> buffer.put(dense.weight())),
                            context.array(prefix + "_bias", dense.bias())),
                    prefix + "_gemm",
                    Map.of("transB", 1));
        }

        @Override
        public ONNXRef<?> relu(Layer.Relu relu) {
            return context.operation(ExtraOperators.RELU, List.of(x), prefix + "_relu");
        }

        @Override
        public ONNXRef<?> maxPool(Layer.MaxPool pool) {
            // The node lists its attributes in the map's order, which Map.of changes from run to run.
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("strides", new int[] {pool.size(), pool.size()});
            attributes.put("kernel_shape", new int[] {pool.size(), pool.size()});
            return context.operation(ExtraOperators.MAX_POOL, List.of(x), prefix + "_pool", attributes);
        }

        @Override
        public ONNXRef<?> flatten(Layer.Flatten flatten) {
            return context.operation(ExtraOperators.FLATTEN, List.of(x), prefix + "_flat", Map.of("axis", 1));
        }
    }
}
