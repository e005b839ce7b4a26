package dev.digitrecognizer.inference.oip;

import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.oip.OipErrors.InferenceFailed;
import dev.digitrecognizer.inference.oip.OipErrors.InvalidInput;
import dev.digitrecognizer.inference.oip.OipErrors.ModelNotFound;
import dev.digitrecognizer.inference.oip.OipErrors.ModelNotReady;
import dev.digitrecognizer.inference.oip.OipErrors.Refusal;
import dev.digitrecognizer.inference.scheduler.Rejection;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The gRPC status of each failure REST answers with a status of its own, with the same sentence:
 * a client's mistake is {@code INVALID_ARGUMENT} or {@code NOT_FOUND}, never {@code UNKNOWN}. Shed
 * load is {@code UNAVAILABLE}, as Triton answers it, with a {@value #RETRY_AFTER} trailer in seconds
 * as REST's header, so a client can tell it from a server that is down.
 */
@Singleton
class GrpcErrors {
    static final String RETRY_AFTER = "retry-after";
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);
    private static final Metadata.Key<String> RETRY_AFTER_KEY =
            Metadata.Key.of(RETRY_AFTER, Metadata.ASCII_STRING_MARSHALLER);

    private final String retryAfterSeconds;

    GrpcErrors(InferenceConfig config) {
        retryAfterSeconds = Long.toString(Math.max(1, config.retryAfter().toSeconds()));
    }

    StatusRuntimeException status(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof Refusal refusal) {
            return code(refusal).withDescription(refusal.getMessage()).asRuntimeException();
        }
        if (failure instanceof Rejection rejection) {
            return rejection(rejection);
        }
        LOG.error("unexpected error", failure);
        return Status.INTERNAL
                .withDescription("the server failed to answer this request; the error has been logged")
                .asRuntimeException();
    }

    private static Status code(Refusal refusal) {
        if (refusal instanceof InvalidInput) {
            return Status.INVALID_ARGUMENT;
        }
        if (refusal instanceof ModelNotFound) {
            return Status.NOT_FOUND;
        }
        if (refusal instanceof ModelNotReady) {
            return Status.UNAVAILABLE;
        }
        if (refusal instanceof InferenceFailed) {
            LOG.error(refusal.getMessage(), refusal.getCause());
            return Status.INTERNAL;
        }
        throw new IllegalStateException(
                "no gRPC status for " + refusal.getClass().getSimpleName());
    }

    private StatusRuntimeException rejection(Rejection rejection) {
        return switch (rejection.kind()) {
            case QUEUE_FULL, TIMED_OUT -> {
                Metadata trailers = new Metadata();
                trailers.put(RETRY_AFTER_KEY, retryAfterSeconds);
                yield Status.UNAVAILABLE.withDescription(rejection.getMessage()).asRuntimeException(trailers);
            }
            case CANCELLED ->
                Status.CANCELLED.withDescription(rejection.getMessage()).asRuntimeException();
            case UNLOADED ->
                Status.UNAVAILABLE.withDescription(rejection.getMessage()).asRuntimeException();
        };
    }
}
