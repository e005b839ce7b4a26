package dev.digitrecognizer.gateway;

/**
 * The request is shed on purpose, to protect the rest: by the gateway's decode budget, or by the
 * inference service (or the request's budget ran out before it could be asked). Busy is not down:
 * the circuit breaker skips it. Its message is the sentence the client reads; try again after
 * {@link #retryAfterSeconds()}.
 */
public class Overloaded extends RuntimeException {
    private final int retryAfterSeconds;

    public Overloaded(String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
