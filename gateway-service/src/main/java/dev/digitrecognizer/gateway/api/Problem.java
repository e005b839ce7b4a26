package dev.digitrecognizer.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem detail, sent as {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:digit-recognizer:problem:";

    /** @param slug the problem type, kebab-case; also the metrics reason, with underscores */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail);
    }

    public String reason() {
        return type.substring(TYPE_PREFIX.length()).replace('-', '_');
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
