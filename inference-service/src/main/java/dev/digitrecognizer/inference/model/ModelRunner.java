package dev.digitrecognizer.inference.model;

/**
 * What a batch worker calls to run rows: ONNX Runtime in the service ({@link ServedModel}), a fake
 * in the scheduler's own tests, so that queueing and batching are tested without a model file.
 */
interface ModelRunner {
    String name();

    long version();

    int inputWidth();

    int outputWidth();

    /** Runs {@code rows} rows of {@link #inputWidth()} floats; the output is rows x {@link #outputWidth()} floats. */
    ServedModel.Run run(float[] input, int rows) throws Exception;

    /** Once the last batch has run: frees what the runner holds. */
    void close() throws Exception;
}
