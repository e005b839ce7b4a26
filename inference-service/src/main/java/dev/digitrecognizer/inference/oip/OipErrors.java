package dev.digitrecognizer.inference.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Every error leaves as the protocol's {@code {"error": "..."}}, never as a stack trace. */
class OipErrors {
    private static final Logger LOG = Logger.getLogger(OipErrors.class);

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }

    @ServerExceptionMapper
    Response protocol(OipException e) {
        return error(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    Response malformedJson(JsonProcessingException e) {
        return error(400, "malformed JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        return error(status, status == 404 ? "not found" : e.getMessage());
    }

    @ServerExceptionMapper
    Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return error(500, "internal error: " + e.getClass().getSimpleName());
    }
}
