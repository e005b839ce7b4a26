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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-process cost of one request, for load.sh to set its HTTP figures against in the same run:
 * the median decode + preprocess of the canvas PNG and of the photo, each model's median
 * single-row ONNX Runtime run (one intra-op thread, as served), and the canvas's whole work
 * (decode, preprocess and a single-row cnn run) done by one thread per core at once: the 2-core
 * limit measured rather than worked out from medians, which leave out what the work pays when it
 * runs for real, its own collections and each stage evicting the other's data from the caches.
 * Also the cnn's median single-row run when it comes 1 ms after the one before, the core kept busy
 * meanwhile, as a request through the gateway finds it: its 4.8 MB of weights may have left the
 * shared cache by then. Prints one line,
 * {@code COSTS preprocess_us=.. photo_ms=.. <model>_us=.. cnn_after_1ms_us=.. cnn_rps=..}.
 */
public final class Costs {
    private static final int WARMUP = 3_000;
    private static final int RUNS = 3_000;
    private static final int PHOTO_RUNS = 20;
    private static final int GAP_RUNS = 1_000;
    private static final long GAP_NANOS = 1_000_000;
    private static final Duration ALL_CORES_WARMUP = Duration.ofSeconds(5);
    private static final Duration ALL_CORES_RUN = Duration.ofSeconds(10);

    private Costs() {}

    public static void main(String[] args) throws OrtException, InterruptedException {
        Preprocessor preprocessor = new Preprocessor();
        byte[] png = Drawing.png();
        byte[] photo = LargeImages.photoJpeg();
        StringBuilder line = new StringBuilder("COSTS");
        line.append(String.format(
                " preprocess_us=%.1f", median(WARMUP, RUNS, () -> costNanos(preprocessor, png)) / 1e3));
        line.append(String.format(" photo_ms=%.1f", median(2, PHOTO_RUNS, () -> costNanos(preprocessor, photo)) / 1e6));
        float[] row = preprocessor.toModelInput(png).pixels();
        for (String model : ServedModels.digitModels()) {
            try (OrtSession session = session(model)) {
                line.append(String.format(
                        " %s_us=%.1f", model, median(WARMUP, RUNS, () -> runNanos(session, row)) / 1e3));
            }
        }
        try (OrtSession cnn = session("cnn")) {
            line.append(String.format(
                    " cnn_after_1ms_us=%.1f", median(GAP_RUNS / 10, GAP_RUNS, () -> afterGapNanos(cnn, row)) / 1e3));
        }
        line.append(String.format(" cnn_rps=%.1f", onEveryCore(png)));
        System.out.println(line);
    }

    /**
     * Canvases per second through decode, preprocess and the cnn, with one thread per core each
     * doing one after another, each on a session of its own so that no run waits for another.
     */
    private static double onEveryCore(byte[] png) throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<OrtException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < cores; i++) {
            Thread thread = new Thread(() -> {
                Preprocessor preprocessor = new Preprocessor();
                try (OrtSession cnn = session("cnn")) {
                    while (!stop.get()) {
                        runNanos(cnn, preprocessor.toModelInput(png).pixels());
                        done.increment();
                    }
                } catch (OrtException e) {
                    failure.set(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(ALL_CORES_WARMUP.toMillis());
        long from = done.sum();
        long start = System.nanoTime();
        Thread.sleep(ALL_CORES_RUN.toMillis());
        long counted = done.sum() - from;
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the cnn failed on every core", failure.get());
        }
        return counted / (elapsed / 1e9);
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

    /** A run that comes {@link #GAP_NANOS} after the last, spent spinning rather than asleep. */
    private static long afterGapNanos(OrtSession session, float[] row) throws OrtException {
        long until = System.nanoTime() + GAP_NANOS;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return runNanos(session, row);
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
