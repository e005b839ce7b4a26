package dev.digitrecognizer.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "inference")
public interface InferenceConfig {

    /** The Triton-style model repository: {@code <dir>/<model>/config.pbtxt} and {@code <dir>/<model>/<version>/model.onnx}. */
    @WithDefault("models")
    String modelRepository();

    /**
     * Triton's model control mode: {@code none} loads the repository once at start-up; {@code explicit}
     * also loads, reloads and unloads models on {@code POST /v2/repository/models/{name}/load|unload};
     * {@code poll} rescans the repository every {@link #repositoryPollInterval()} besides.
     */
    @WithDefault("none")
    ModelControlMode modelControlMode();

    /** How often {@code poll} mode rescans the repository for new, changed and removed models. */
    @WithDefault("15s")
    Duration repositoryPollInterval();

    /** When the server reports ready: once every model it should serve is, or once any one is. */
    @WithDefault("all-models")
    ReadyWhen readyWhen();

    /** ONNX Runtime intra-op threads per model session; match the CPU limit. */
    @WithDefault("1")
    int intraOpThreads();

    /** Inference runs on each model version after it loads and before it takes traffic. */
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

    /**
     * On SIGTERM, how long the service goes on serving as usual, for the requests a gateway had
     * already taken in when the signal came and has yet to send here; then it drains.
     */
    @WithDefault("2s")
    Duration drainDelay();

    /**
     * How long a drain waits for the requests in flight (REST and gRPC) to finish, while new ones
     * are refused; the service stops when the last one is answered or this has passed.
     */
    @WithDefault("20s")
    Duration drainTimeout();

    /**
     * Each gRPC connection is closed after this long (clients reconnect at once, and a client that
     * balances over a DNS name finds replicas added since).
     */
    @WithDefault("30s")
    Duration grpcMaxConnectionAge();

    /** How long the calls still out on an aged connection may take to finish; at least a gateway's request budget. */
    @WithDefault("15s")
    Duration grpcMaxConnectionAgeGrace();

    /** The {@code Retry-After} of a 503 for a full queue or a request that timed out in it. */
    @WithDefault("1s")
    Duration retryAfter();

    /** Overrides of every model's config.pbtxt; unset, each model's own settings apply. */
    Batching batching();

    interface Batching {
        /** Most rows in one ONNX Runtime run; caps each model's {@code max_batch_size}. */
        Optional<Integer> maxBatchSize();

        /**
         * Replaces each model's {@code dynamic_batching.max_queue_delay_microseconds}; 0 turns batching
         * off, as a config.pbtxt without {@code dynamic_batching} does.
         */
        Optional<Long> maxQueueDelayMicros();

        /** Replaces each model's {@code instance_group} count: batches of one model that run at once. */
        Optional<Integer> workers();
    }

    enum ModelControlMode {
        NONE,
        EXPLICIT,
        POLL
    }

    enum ReadyWhen {
        ALL_MODELS,
        ANY_MODEL
    }
}
