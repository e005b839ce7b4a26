package dev.digitrecognizer.inference.scheduler;

import dev.digitrecognizer.inference.backend.ServedModel;
import java.util.concurrent.CompletableFuture;

/**
 * A request in a model version's queue: its result, the version that runs it, and a way to
 * withdraw it while it still waits (the client went away), so that it is never computed.
 */
public interface Submission {
    /** Completes with rows x outputs floats, or exceptionally with a {@link Rejection} or the ONNX Runtime error. */
    CompletableFuture<float[]> result();

    ServedModel model();

    /** Drops the request if no worker has started on it; a no-op otherwise. */
    void cancel();
}
