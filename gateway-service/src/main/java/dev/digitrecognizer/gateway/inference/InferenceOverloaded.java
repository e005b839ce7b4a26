package dev.digitrecognizer.gateway.inference;

/**
 * The inference service is alive but shedding load (it said so with {@code Retry-After}), or the
 * request's budget ran out before it could be asked. Busy is not down: the circuit breaker skips it.
 */
public class InferenceOverloaded extends RuntimeException {
    private final int retryAfterSeconds;

    public InferenceOverloaded(String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
