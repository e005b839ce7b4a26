package dev.digitrecognizer.inference.backend;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.digitrecognizer.inference.repository.ModelConfig;
import dev.digitrecognizer.inference.scheduler.ModelRunner;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/** One model version's reused ONNX Runtime session; safe to run from several threads at once. */
public final class ServedModel implements ModelRunner, AutoCloseable {
    private final String name;
    private final long version;
    private final ModelConfig config;
    private final Map<String, Object> card;
    private final OrtSession session;

    public ServedModel(String name, long version, ModelConfig config, Map<String, Object> card, OrtSession session)
            throws OrtException {
        this.name = name;
        this.version = version;
        this.config = config;
        this.card = card;
        this.session = session;
        checkSignature();
    }

    /** The file must have the input and output the config declares, with the same widths. */
    private void checkSignature() throws OrtException {
        TensorInfo input = tensor(session.getInputInfo().get(config.inputName()), "input", config.inputName());
        TensorInfo output = tensor(session.getOutputInfo().get(config.outputName()), "output", config.outputName());
        if (input.getShape()[input.getShape().length - 1] != config.inputWidth()
                || output.getShape()[output.getShape().length - 1] != config.outputWidth()) {
            throw new IllegalArgumentException("model.onnx shapes " + Arrays.toString(input.getShape()) + " -> "
                    + Arrays.toString(output.getShape()) + " do not match config.pbtxt");
        }
    }

    private static TensorInfo tensor(ai.onnxruntime.NodeInfo node, String kind, String expected) {
        if (node == null || !(node.getInfo() instanceof TensorInfo info)) {
            throw new IllegalArgumentException("model.onnx has no " + kind + " tensor named '" + expected + "'");
        }
        return info;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long version() {
        return version;
    }

    public ModelConfig config() {
        return config;
    }

    public Map<String, Object> card() {
        return card;
    }

    @Override
    public int inputWidth() {
        return (int) config.inputWidth();
    }

    @Override
    public int outputWidth() {
        return (int) config.outputWidth();
    }

    @Override
    public Run run(float[] input, int rows) throws OrtException {
        long start = System.nanoTime();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(
                environment, FloatBuffer.wrap(input, 0, rows * inputWidth()), new long[] {rows, config.inputWidth()})) {
            long built = System.nanoTime();
            try (OrtSession.Result result = session.run(Map.of(config.inputName(), tensor))) {
                long ran = System.nanoTime();
                OnnxTensor output = (OnnxTensor) result.get(0);
                float[] values = new float[rows * outputWidth()];
                output.getFloatBuffer().get(values);
                return new Run(values, built - start, ran - built, System.nanoTime() - ran);
            }
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
