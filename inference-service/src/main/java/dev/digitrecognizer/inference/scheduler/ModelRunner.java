package dev.digitrecognizer.inference.scheduler;

/**
 * What a batch worker calls to run rows: ONNX Runtime in the service ({@link dev.digitrecognizer.inference.backend.ServedModel}), a fake
 * in the scheduler's own tests, so that queueing and batching are tested without a model file.
 */
public interface ModelRunner {
    /** The output of one run, and the time of each step that Triton's statistics tell apart. */
    record Run(float[] output, long inputNanos, long inferNanos, long outputNanos) {}

    String name();

    long version();

    int inputWidth();

    int outputWidth();

    /** Runs {@code rows} rows of {@link #inputWidth()} floats; the output is rows x {@link #outputWidth()} floats. */
    Run run(float[] input, int rows) throws Exception;

    /** Once the last batch has run: frees what the runner holds. */
    void close() throws Exception;
}
