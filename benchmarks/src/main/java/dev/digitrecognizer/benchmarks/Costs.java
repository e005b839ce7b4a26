package dev.digitrecognizer.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.preprocessing.ModelInput;
import dev.digitrecognizer.preprocessing.Preprocessor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The in-process cost of one request, for load.sh to set its HTTP figures against in the same run:
 * the median decode + preprocess of the canvas PNG and of the photo, and each model's median
 * single-row ONNX Runtime run (one intra-op thread, as served). Prints one line,
 * {@code COSTS preprocess_us=.. photo_ms=.. <model>_us=..}.
 */
public final class Costs {
    private static final int WARMUP = 3_000;
    private static final int RUNS = 3_000;
    private static final int PHOTO_RUNS = 20;

    private Costs() {}

    public static void main(String[] args) throws OrtException {
        Preprocessor preprocessor = new Preprocessor();
        byte[] png = Drawing.png();
        byte[] photo = LargeImages.photoJpeg();
        StringBuilder line = new StringBuilder("COSTS");
        line.append(String.format(
                " preprocess_us=%.1f", median(WARMUP, RUNS, () -> costNanos(preprocessor, png)) / 1e3));
        line.append(String.format(" photo_ms=%.1f", median(2, PHOTO_RUNS, () -> costNanos(preprocessor, photo)) / 1e6));
        float[] row = preprocessor.toModelInput(png).pixels();
        for (String model : ServedModels.names()) {
            try (OrtSession session = session(model)) {
                line.append(String.format(
                        " %s_us=%.1f", model, median(WARMUP, RUNS, () -> runNanos(session, row)) / 1e3));
            }
        }
        System.out.println(line);
    }

    private interface Timed {
        long nanos() throws OrtException;
    }

    private static double median(int warmup, int runs, Timed timed) throws OrtException {
        for (int i = 0; i < warmup; i++) {
            timed.nanos();
        }
        long[] samples = new long[runs];
        for (int i = 0; i < runs; i++) {
            samples[i] = timed.nanos();
        }
        Arrays.sort(samples);
        return samples[runs / 2];
    }

    private static long costNanos(Preprocessor preprocessor, byte[] image) {
        ModelInput input = preprocessor.toModelInput(image);
        return input.decodeNanos() + input.preprocessNanos();
    }

    private static OrtSession session(String model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        Path file = ServedModels.repository().resolve(Path.of(model, "1", "model.onnx"));
        return OrtEnvironment.getEnvironment().createSession(file.toString(), options);
    }

    private static long runNanos(OrtSession session, float[] row) throws OrtException {
        long start = System.nanoTime();
        try (OnnxTensor tensor = OnnxTensor.createTensor(
                        OrtEnvironment.getEnvironment(), FloatBuffer.wrap(row), new long[] {1, ModelContract.PIXELS});
                OrtSession.Result result = session.run(Map.of(ModelContract.INPUT, tensor))) {
            return System.nanoTime() - start;
        }
    }
}
