package dev.digitrecognizer.inference.scheduler;

/**
 * Why the queue gave a request back without computing it; the protocol layer gives each kind its
 * status, as this package knows nothing of HTTP.
 */
public final class Rejection extends RuntimeException {
    public enum Kind {
        /** {@code max_queue_size} requests are already waiting: refused at once. */
        QUEUE_FULL,
        /** The request waited longer than its timeout and was never computed. */
        TIMED_OUT,
        /** The client went away while the request waited; nobody reads the answer. */
        CANCELLED,
        /** The model, or the version the request named, was unloaded meanwhile. */
        UNLOADED
    }

    private final Kind kind;

    private Rejection(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static Rejection queueFull(String model, int size) {
        return new Rejection(
                Kind.QUEUE_FULL,
                "model '" + model + "' already has " + size + " requests queued, its max_queue_size; try again later");
    }

    static Rejection timedOut(String model, long timeoutMicros) {
        return new Rejection(
                Kind.TIMED_OUT,
                "the request waited in the queue of model '" + model + "' past its timeout of " + timeoutMicros
                        + " microseconds and was not run; try again later");
    }

    static Rejection cancelled() {
        return new Rejection(Kind.CANCELLED, "the client closed the connection while the request was queued");
    }

    public static Rejection unloaded(String what) {
        return new Rejection(Kind.UNLOADED, what + " is not loaded");
    }
}
