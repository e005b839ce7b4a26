package dev.digitrecognizer.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "inference")
public interface InferenceConfig {

    /** The Triton-style model repository: {@code <dir>/<model>/config.pbtxt} and {@code <dir>/<model>/1/model.onnx}. */
    @WithDefault("models")
    String modelRepository();

    /** ONNX Runtime intra-op threads per model session; match the CPU limit. */
    @WithDefault("1")
    int intraOpThreads();

    /** Inference runs on each model at start-up before it reports ready. */
    @WithDefault("20")
    int warmupRuns();

    /** Rows one request may carry. */
    @WithDefault("1024")
    int maxRowsPerRequest();

    /**
     * How long a client may take to send a request body. The body is read on the event loop, so a
     * slow client holds no worker thread; past this it gets 408 and its connection is closed.
     */
    @WithDefault("10s")
    Duration bodyTimeout();

    Batching batching();

    interface Batching {
        /** Most rows in one ONNX Runtime run. */
        @WithDefault("64")
        int maxBatchSize();

        /** How long a request waits for others to join its batch; 0 turns batching off. */
        @WithDefault("500")
        long maxQueueDelayMicros();

        /** Batches of one model that may run at once, each on its own thread (Triton's instance count). */
        @WithDefault("1")
        int workers();
    }
}
