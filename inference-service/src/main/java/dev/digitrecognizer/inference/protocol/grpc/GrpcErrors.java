package dev.digitrecognizer.inference.protocol.grpc;

import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.dataplane.Failure;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The one place gRPC gives each {@link Failure} its status, with the sentence REST answers: a
 * client's mistake is {@code INVALID_ARGUMENT} or {@code NOT_FOUND}, never {@code UNKNOWN}. Shed
 * load is {@code UNAVAILABLE}, as Triton answers it, with a {@value #RETRY_AFTER} trailer in seconds
 * as REST's header, so a client can tell it from a server that is down.
 */
@Singleton
class GrpcErrors {
    private static final String RETRY_AFTER = "retry-after";
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
        if (failure instanceof Failure known) {
            return status(known);
        }
        LOG.error("unexpected error", failure);
        return Status.INTERNAL
                .withDescription("the server failed to answer this request; the error has been logged")
                .asRuntimeException();
    }

    private StatusRuntimeException status(Failure failure) {
        Status code = switch (failure.kind()) {
            case INVALID_INPUT, CONTROL_REFUSED -> Status.INVALID_ARGUMENT;
            case MODEL_NOT_FOUND -> Status.NOT_FOUND;
            case MODEL_NOT_READY, OVERLOADED -> Status.UNAVAILABLE;
            case CANCELLED -> Status.CANCELLED;
            case INFERENCE_FAILED -> {
                LOG.error(failure.getMessage(), failure.getCause());
                yield Status.INTERNAL;
            }
        };
        Status status = code.withDescription(failure.getMessage());
        if (failure.kind() != Failure.Kind.OVERLOADED) {
            return status.asRuntimeException();
        }
        Metadata trailers = new Metadata();
        trailers.put(RETRY_AFTER_KEY, retryAfterSeconds);
        return status.asRuntimeException(trailers);
    }
}
