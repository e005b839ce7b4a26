package dev.digitrecognizer.inference.dataplane;

/**
 * Every failure the service answers a request with, as KServe's {@code errors.py} names them:
 * code throws one by name and never picks a status; each protocol gives each one its status in
 * one place ({@code RestErrors}, {@code GrpcErrors}). The message is a sentence for the client;
 * there is no stack trace.
 */
public abstract sealed class Failure extends RuntimeException {
    /** Which failure this is, for a switch that must name every one (Java 17 switches on no types). */
    public enum Kind {
        INVALID_INPUT,
        MODEL_NOT_FOUND,
        MODEL_NOT_READY,
        OVERLOADED,
        CANCELLED,
        CONTROL_REFUSED,
        INFERENCE_FAILED
    }

    private final Kind kind;

    private Failure(Kind kind, String message) {
        this(kind, message, null);
    }

    private Failure(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The request does not fit the protocol or the model's signature. */
    public static final class InvalidInput extends Failure {
        public InvalidInput(String message) {
            super(Kind.INVALID_INPUT, message);
        }
    }

    /** No such model, or no such version of it, in what is served or in the repository. */
    public static final class ModelNotFound extends Failure {
        public ModelNotFound(String message) {
            super(Kind.MODEL_NOT_FOUND, message);
        }
    }

    /** The model, or every model, is still loading, failed to load or was unloaded. */
    public static final class ModelNotReady extends Failure {
        public ModelNotReady(String message) {
            super(Kind.MODEL_NOT_READY, message);
        }
    }

    /** The model's queue is full, or the request waited past its timeout: try again later. */
    public static final class Overloaded extends Failure {
        Overloaded(String message) {
            super(Kind.OVERLOADED, message);
        }
    }

    /** The client went away while its request was queued; nobody reads the answer. */
    public static final class Cancelled extends Failure {
        Cancelled(String message) {
            super(Kind.CANCELLED, message);
        }
    }

    /** A load or unload was not done: the model failed to load, or model control is off. */
    public static final class ControlRefused extends Failure {
        ControlRefused(String message) {
            super(Kind.CONTROL_REFUSED, message);
        }
    }

    /** ONNX Runtime failed on a request that passed every check; {@code cause} is for the log. */
    public static final class InferenceFailed extends Failure {
        InferenceFailed(String message, Throwable cause) {
            super(Kind.INFERENCE_FAILED, message, cause);
        }
    }
}
