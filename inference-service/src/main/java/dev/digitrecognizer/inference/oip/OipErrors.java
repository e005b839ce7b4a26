package dev.digitrecognizer.inference.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.repository.RepositoryError;
import dev.digitrecognizer.inference.scheduler.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The failures the protocol names, and the one place each is given its status, as KServe's
 * {@code errors.py} does: code throws a failure by name and never picks a status. Every error
 * leaves as the protocol's {@code {"error": "..."}}, never as a stack trace.
 */
class OipErrors {
    private static final Logger LOG = Logger.getLogger(OipErrors.class);
    /** nginx's status for a request whose client went away; nobody reads the answer. */
    private static final int CLIENT_CLOSED_REQUEST = 499;

    private final Counter disconnects;
    private final String retryAfterSeconds;

    OipErrors(MeterRegistry meters, InferenceConfig config) {
        retryAfterSeconds = Long.toString(Math.max(1, config.retryAfter().toSeconds()));
        disconnects = Counter.builder("inference.client.disconnects")
                .description("Requests whose client closed the connection before the answer")
                .register(meters);
    }

    /** A request the server refuses, with a sentence the client can act on; it has no stack trace. */
    abstract static sealed class Refusal extends RuntimeException
            permits InvalidInput, ModelNotFound, ModelNotReady, InferenceFailed {
        private final Status status;

        private Refusal(Status status, String message) {
            this(status, message, null);
        }

        /** {@code cause} is logged with the message; the client sees the message only. */
        private Refusal(Status status, String message, Throwable cause) {
            super(message, cause, false, false);
            this.status = status;
        }
    }

    /** The request does not fit the protocol or the model's signature. */
    static final class InvalidInput extends Refusal {
        InvalidInput(String message) {
            super(Status.BAD_REQUEST, message);
        }
    }

    /** No such model, or no such version of it. */
    static final class ModelNotFound extends Refusal {
        ModelNotFound(String message) {
            super(Status.NOT_FOUND, message);
        }
    }

    /** The model, or every model, is still loading or failed to load. */
    static final class ModelNotReady extends Refusal {
        ModelNotReady(String message) {
            super(Status.SERVICE_UNAVAILABLE, message);
        }
    }

    /** ONNX Runtime failed on a request that passed every check. */
    static final class InferenceFailed extends Refusal {
        InferenceFailed(String message, Throwable cause) {
            super(Status.INTERNAL_SERVER_ERROR, message, cause);
        }
    }

    @ServerExceptionMapper
    Response refusal(Refusal e) {
        if (e.getCause() != null) {
            LOG.error(e.getMessage(), e.getCause());
        }
        return error(e.status, e.getMessage());
    }

    /**
     * The queue's refusals: a full queue and a timeout are overload, 503 with {@code Retry-After} as
     * Triton answers them (its clients, and the gateway, retry later); a request whose client left
     * has nobody to answer.
     */
    @ServerExceptionMapper
    Response rejection(Rejection e) {
        return switch (e.kind()) {
            case QUEUE_FULL, TIMED_OUT ->
                Response.fromResponse(error(Status.SERVICE_UNAVAILABLE, e.getMessage()))
                        .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                        .build();
            case CANCELLED -> {
                LOG.debugf("dropped a queued request: %s", e.getMessage());
                yield Response.status(CLIENT_CLOSED_REQUEST).build();
            }
            case UNLOADED -> error(Status.SERVICE_UNAVAILABLE, e.getMessage());
        };
    }

    /** Model control: Triton answers 400 for a load that failed or is not allowed. */
    @ServerExceptionMapper
    Response repository(RepositoryError e) {
        return switch (e.kind()) {
            case NOT_IN_REPOSITORY -> error(Status.NOT_FOUND, e.getMessage());
            case LOAD_FAILED, CONTROL_DISABLED -> error(Status.BAD_REQUEST, e.getMessage());
        };
    }

    /** Malformed JSON, or JSON of the wrong shape; the user's mapper wins over Quarkus's empty 400. */
    @ServerExceptionMapper
    Response malformedJson(JsonProcessingException e) {
        LOG.debugf("unreadable request body: %s", e.getMessage());
        return error(Status.BAD_REQUEST, JsonMistakes.describe(e));
    }

    @ServerExceptionMapper
    Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    /** JAX-RS's own refusals (no such path, method or media type) keep their status, with a sentence. */
    @ServerExceptionMapper
    Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        LOG.debugf("refused with %d: %s", status.getStatusCode(), e.getMessage());
        return error(status, sentence(status.getStatusCode()));
    }

    private static String sentence(int status) {
        return switch (status) {
            case 400 -> "the request could not be read";
            case 404 -> "not found: the Open Inference Protocol has no such path";
            case 405 -> "this path does not take that method";
            case 406 -> "the server answers in JSON only";
            case 413 -> "the request is too large: too many form fields or too many bytes";
            case 415 ->
                "the body must be application/json, or application/octet-stream for the binary tensor extension";
            default -> status < 500 ? "the request was refused" : "the server could not answer this request";
        };
    }

    @ServerExceptionMapper
    Response unexpected(Exception e) {
        if (isClientDisconnect(e)) {
            LOG.debugf("the client closed the connection: %s", e);
            disconnects.increment();
            return Response.status(CLIENT_CLOSED_REQUEST).build();
        }
        LOG.error("unexpected error", e);
        return error(
                Status.INTERNAL_SERVER_ERROR, "the server failed to answer this request; the error has been logged");
    }

    /** The connection went away under the request: not a fault of the server's, nor an error. */
    private static boolean isClientDisconnect(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ClosedChannelException || cause instanceof HttpClosedException) {
                return true;
            }
            String message = String.valueOf(cause.getMessage());
            if ((cause instanceof VertxException || cause instanceof IOException)
                    && (message.contains("Connection was closed")
                            || message.contains("Connection reset")
                            || message.contains("Broken pipe"))) {
                return true;
            }
        }
        return false;
    }

    private static Response error(Response.StatusType status, String message) {
        return Response.status(status.getStatusCode())
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message))
                .build();
    }
}
