package dev.digitrecognizer.gateway.prediction;

/** The gateway sheds this request to protect the rest: try again after {@link #retryAfterSeconds()}. */
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
