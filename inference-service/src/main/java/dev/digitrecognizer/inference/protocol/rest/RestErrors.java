package dev.digitrecognizer.inference.protocol.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.dataplane.Failure;
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
 * The one place REST gives each {@link Failure} its status, as KServe's {@code errors.py} does,
 * and JAX-RS's and Jackson's own refusals theirs. Every error leaves as the protocol's
 * {@code {"error": "..."}}, never as a stack trace.
 */
class RestErrors {
    private static final Logger LOG = Logger.getLogger(RestErrors.class);
    /** nginx's status for a request whose client went away; nobody reads the answer. */
    private static final int CLIENT_CLOSED_REQUEST = 499;

    private final Counter disconnects;
    private final String retryAfterSeconds;

    RestErrors(MeterRegistry meters, InferenceConfig config) {
        retryAfterSeconds = Long.toString(Math.max(1, config.retryAfter().toSeconds()));
        disconnects = Counter.builder("inference.client.disconnects")
                .description("Requests whose client closed the connection before the answer")
                .register(meters);
    }

    /**
     * Shed load is 503 with {@code Retry-After}, as Triton answers it (its clients, and the gateway,
     * retry later); model control that failed or is off is 400, as in Triton; a request whose client
     * left has nobody to answer.
     */
    @ServerExceptionMapper
    Response failure(Failure failure) {
        return switch (failure.kind()) {
            case INVALID_INPUT, CONTROL_REFUSED -> error(Status.BAD_REQUEST, failure.getMessage());
            case MODEL_NOT_FOUND -> error(Status.NOT_FOUND, failure.getMessage());
            case MODEL_NOT_READY -> error(Status.SERVICE_UNAVAILABLE, failure.getMessage());
            case OVERLOADED ->
                Response.fromResponse(error(Status.SERVICE_UNAVAILABLE, failure.getMessage()))
                        .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                        .build();
            case CANCELLED -> {
                LOG.debugf("dropped a queued request: %s", failure.getMessage());
                yield Response.status(CLIENT_CLOSED_REQUEST).build();
            }
            case INFERENCE_FAILED -> {
                LOG.error(failure.getMessage(), failure.getCause());
                yield error(Status.INTERNAL_SERVER_ERROR, failure.getMessage());
            }
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
