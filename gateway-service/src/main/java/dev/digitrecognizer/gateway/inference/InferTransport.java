package dev.digitrecognizer.gateway.inference;

import dev.digitrecognizer.gateway.Overloaded;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * How the gateway sends an infer request to the inference service: over REST with the binary
 * tensor extension ({@link HttpTransport}) or over the protocol's gRPC API ({@link GrpcTransport}),
 * as {@code gateway.inference.transport} chooses. Either fails with {@link Overloaded}
 * when the service sheds load and says when to come back, and with {@link InferenceUnavailable}
 * for anything else; {@link InferenceClient} owns the timeout, retries and circuit breaker.
 */
interface InferTransport {
    /** How long a client should wait when nobody said. */
    int DEFAULT_RETRY_AFTER_SECONDS = 1;

    /** The model's outputs for the rows, {@code rows.length} x its classes, row after row, and its version. */
    Uni<Inferred> infer(String model, float[][] rows, Duration timeout);

    /**
     * Load shed by the inference service, or a request whose budget was spent before it could be
     * asked: what the client reads either way.
     */
    static Overloaded overloaded(int retryAfterSeconds) {
        return new Overloaded(
                "The recognition service is busy and turned this request away. Try again in a moment.",
                retryAfterSeconds);
    }

    /** A {@code Retry-After} in whole seconds, at least one; the default if it is absent or not a number. */
    static int retryAfterSeconds(String value) {
        try {
            return value == null ? DEFAULT_RETRY_AFTER_SECONDS : Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER_SECONDS;
        }
    }
}
