package dev.digitrecognizer.inference.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
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

    /** A request the server refuses, with a sentence the client can act on; it has no stack trace. */
    abstract static sealed class Refusal extends RuntimeException
            permits InvalidInput, ModelNotFound, ModelNotReady, InferenceFailed {
        private final Status status;

        private Refusal(Status status, String message) {
            super(message, null, false, false);
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
        InferenceFailed(String message) {
            super(Status.INTERNAL_SERVER_ERROR, message);
        }
    }

    @ServerExceptionMapper
    Response refusal(Refusal e) {
        return error(e.status, e.getMessage());
    }

    @ServerExceptionMapper
    Response malformedJson(JsonProcessingException e) {
        return error(Status.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage());
    }

    /** JAX-RS's own refusals (no such path, method or media type) keep their status. */
    @ServerExceptionMapper
    Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return error(status, status.getStatusCode() == Status.NOT_FOUND.getStatusCode() ? "not found" : e.getMessage());
    }

    @ServerExceptionMapper
    Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return error(
                Status.INTERNAL_SERVER_ERROR, "internal error: " + e.getClass().getSimpleName());
    }

    private static Response error(Response.StatusType status, String message) {
        return Response.status(status.getStatusCode())
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message))
                .build();
    }
}
