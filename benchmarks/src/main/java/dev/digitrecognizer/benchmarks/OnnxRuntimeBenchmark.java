package dev.digitrecognizer.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.preprocessing.Preprocessor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One ONNX Runtime run of a committed model, as the inference service makes it (one intra-op
 * thread, all graph optimisations), on a batch of 1 or 64 copies of a preprocessed drawing.
 */
@State(Scope.Benchmark)
public class OnnxRuntimeBenchmark {
    /** Set by {@link JmhMain} to every model of the repository. */
    @Param({})
    public String model;

    @Param({"1", "64"})
    public int batch;

    private OrtSession session;
    private float[] input;

    @Setup
    public void setUp() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        Path file = ServedModels.repository().resolve(Path.of(model, "1", "model.onnx"));
        session = OrtEnvironment.getEnvironment().createSession(file.toString(), options);
        float[] digit = new Preprocessor().toModelInput(Drawing.png()).pixels();
        input = new float[batch * digit.length];
        for (int row = 0; row < batch; row++) {
            System.arraycopy(digit, 0, input, row * digit.length, digit.length);
        }
    }

    @TearDown
    public void tearDown() throws OrtException {
        session.close();
    }

    @Benchmark
    public float[] run() throws OrtException {
        try (OnnxTensor tensor =
                        OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(input), new long[] {
                            batch, ModelContract.PIXELS
                        });
                OrtSession.Result result = session.run(Map.of(ModelContract.INPUT, tensor))) {
            float[] out = new float[batch * ModelContract.CLASSES];
            ((OnnxTensor) result.get(0)).getFloatBuffer().get(out);
            return out;
        }
    }
}
