package dev.digitrecognizer.gateway.config;

import dev.digitrecognizer.preprocessing.NumberLimits;
import dev.digitrecognizer.preprocessing.Preprocessor;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Largest accepted image file, after base64 decoding. */
    @WithDefault("" + Preprocessor.DEFAULT_MAX_BYTES)
    long maxImageBytes();

    /** Largest accepted width x height, checked from the header before decoding. */
    @WithDefault("" + Preprocessor.DEFAULT_MAX_PIXELS)
    long maxImagePixels();

    /** The most times an image's long side may be its short side, checked from the header before decoding. */
    @WithDefault("" + Preprocessor.DEFAULT_MAX_ASPECT_RATIO)
    double maxAspectRatio();

    /**
     * A request's whole time budget: calls to the inference service wait what is left of it, so
     * a queue under load slows answers down before anything fails.
     */
    @WithDefault("10s")
    Duration requestBudget();

    /** Admission by cost: how many pixels may be decoded at once, and how long an image waits for room. */
    Decode decode();

    interface Decode {
        /** Pixels decoded at once; unset: a third of the heap at 8 bytes a pixel (Runtime.maxMemory() / 24). */
        Optional<Long> pixelBudget();

        /** An image of at most this many pixels (a canvas drawing, a small photo) never queues behind big ones. */
        @WithDefault("1048576")
        long smallPixels();

        /**
         * An image of at most this many pixels (a canvas drawing) is decoded on the event loop that
         * read it, with no hand-off to a worker thread, when the budget has room for it at once.
         */
        @WithDefault("262144")
        long inlinePixels();

        /** Of the budget, kept for small images: big ones together never hold it (at most half the budget). */
        @WithDefault("4194304")
        long reservedPixels();

        /** How long an image waits for room before it is answered 503 overloaded. */
        @WithDefault("2s")
        Duration maxWait();

        /** How many big images may wait at once; the next one is answered 503 overloaded at once. */
        @WithDefault("16")
        int maxQueued();
    }

    /** How {@code /number} reads a drawing of a number. */
    Number number();

    interface Number {
        /** The most digits a number may have; a drawing with more is answered 422 too-many-digits. */
        @WithDefault("" + NumberLimits.DEFAULT_MAX_DIGITS)
        int maxDigits();

        /** A separate mark with less ink than this share of the largest mark's is noise, and dropped. */
        @WithDefault("" + NumberLimits.DEFAULT_MIN_COMPONENT_SHARE)
        double minComponentShare();
    }

    /** How infer calls reach the inference service; its metadata and readiness are always asked over REST. */
    Inference inference();

    interface Inference {
        /**
         * {@code http}: REST with the binary tensor extension, at {@code quarkus.rest-client.inference.url};
         * {@code grpc}: the protocol's gRPC API, at {@code quarkus.grpc.clients.inference.host} and {@code port},
         * the faster of the two (benchmarks/transports.sh).
         */
        @WithDefault("grpc")
        Transport transport();

        /**
         * Over gRPC, each event loop has at most one call out per model: the requests made while it is
         * out go together as the next call, of at most this many rows, which must not exceed the
         * models' {@code max_batch_size}. 0 sends every request as its own call at once.
         */
        @WithDefault("32")
        int coalesceRows();

        enum Transport {
            HTTP,
            GRPC
        }
    }

    /** The models the API offers; each must be served by the inference service. */
    @WithDefault("cnn,mlp,scratch")
    List<String> models();

    @WithDefault("cnn")
    String defaultModel();

    /** The model that tells digits from marks that are not digits; every answer carries its verdict. */
    Detector detector();

    interface Detector {
        /** Its name in the inference service; its output is the ten digits, then "not a digit". */
        @WithDefault("detector")
        String model();

        /** A drawing is not a digit when the detector gives "not a digit" more than this. */
        @WithDefault("0.55")
        double threshold();

        /**
         * The same for a mark of a drawn number, higher: who draws a number means digits, and one
         * mark wrongly refused makes the whole number wrong.
         */
        @WithDefault("0.9")
        double numberThreshold();
    }

    /** Users' feedback on answers: how answers are signed, where feedback is kept and for how long. */
    Feedback feedback();

    interface Feedback {
        /** Off: answers carry no id, the feedback API answers 404, and no database is opened. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The key that signs answer ids (HMAC-SHA256), at least 32 characters; every replica must
         * share it, so that feedback can reach any of them. Unset: a random key for this process only.
         */
        Optional<String> secret();

        /** The bearer token of the feedback export; unset, the export refuses everyone. */
        Optional<String> adminToken();

        /** How long after an answer its feedback is taken. */
        @WithDefault("7d")
        Duration window();

        /** How long feedback is kept; older rows are deleted. */
        @WithDefault("90d")
        Duration retention();

        /** How often rows past the retention are deleted. */
        @WithDefault("1h")
        Duration sweepEvery();

        /** The {@code Retry-After} of a 503 when the database cannot be reached. */
        @WithDefault("5s")
        Duration retryAfter();

        Db db();

        /** The database: PostgreSQL in containers, an H2 file under ./data by default. */
        interface Db {
            @WithDefault("jdbc:h2:file:./data/feedback/feedback;MODE=PostgreSQL")
            String url();

            Optional<String> username();

            Optional<String> password();

            /** Connections held at most. */
            @WithDefault("8")
            int maxConnections();

            /** How long a call waits for a connection before feedback answers 503. */
            @WithDefault("2s")
            Duration connectTimeout();
        }
    }

    /** A folder of static files (the frontend) to serve at /; unset in containers, where nginx serves it. */
    Optional<String> frontendDir();

    /**
     * On SIGTERM, how long the gateway goes on serving as usual, for the requests a proxy sends
     * before it learns of the stop; then it drains.
     */
    @WithDefault("2s")
    Duration drainDelay();

    /**
     * How long a drain waits for the requests in flight to finish, while new ones get 503; the
     * gateway stops when the last one is answered or this has passed.
     */
    @WithDefault("20s")
    Duration drainTimeout();

    /** The {@code Retry-After} of a 503 when the inference service cannot be reached. */
    @WithDefault("1s")
    Duration unavailableRetryAfter();

    /** How long the gateway's readiness reuses the inference service's answer. */
    @WithDefault("5s")
    Duration readinessCache();

    /**
     * How long a client may take to send a request body. The body is read on the event loop, so a
     * slow client holds no worker thread; past this it gets 408 and its connection is closed.
     */
    @WithDefault("10s")
    Duration bodyTimeout();

    /** Largest request body: a base64 image in JSON, with room for the JSON around it. */
    default long maxBodyBytes() {
        return maxImageBytes() * 4 / 3 + 64 * 1024;
    }
}
