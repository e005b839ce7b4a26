package dev.digitrecognizer.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.feedback.FeedbackRejected;
import dev.digitrecognizer.gateway.feedback.FeedbackService;
import dev.digitrecognizer.gateway.feedback.FeedbackStore;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Users' word on answers, and the corrected drawings for training. Both reach the database, so
 * both run on worker threads; nothing else in the API waits for it.
 */
@Path("/api/v1/feedback")
public class FeedbackResource {
    /** Far above an id of the longest number the gateway reads, far below an image. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final String SHAPE = "Send {\"id\": \"<the answer's id>\", \"label\": 7}.";
    private static final String ZIP = "application/zip";

    private final FeedbackService feedback;
    private final ObjectMapper json;
    private final GatewayMetrics metrics;
    private final Optional<byte[]> adminToken;

    FeedbackResource(FeedbackService feedback, ObjectMapper json, GatewayMetrics metrics, GatewayConfig config) {
        this.feedback = feedback;
        this.json = json;
        this.metrics = metrics;
        this.adminToken = config.feedback().adminToken().map(token -> token.getBytes(StandardCharsets.UTF_8));
    }

    /** What was really drawn. */
    @Schema(name = "Feedback")
    public record FeedbackRequest(
            @Schema(description = "The \"id\" of a /predict, /compare or /number answer, as it came")
            String id,

            @Schema(
                    description = "For a digit: 0 to 9, or \"not-a-digit\". For a number: the number drawn,"
                            + " as a string of digits such as \"2025\".",
                    oneOf = {Integer.class, String.class})
            Object label) {}

    /** The label as stored, and each model's outcome: "right" or "wrong". */
    public record FeedbackResponse(String label, Map<String, String> models) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Say what an answer should have been; one feedback per answer",
            description = "201 with each model's outcome. 400 invalid-feedback or invalid-answer-id (not an id of this"
                    + " service, or signed with another secret), 422 invalid-label, 409 feedback-exists, 410"
                    + " answer-expired, 413 too-large, 503 feedback-unavailable with Retry-After while the database"
                    + " cannot be reached.")
    @RequestBody(content = @Content(schema = @Schema(implementation = FeedbackRequest.class)))
    @APIResponse(
            responseCode = "201",
            description = "Stored and counted",
            content = @Content(schema = @Schema(implementation = FeedbackResponse.class)))
    public Response give(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new FeedbackRejected(
                    FeedbackRejected.Reason.TOO_LARGE,
                    "Feedback is at most " + MAX_BODY_BYTES / 1024 + " KiB of JSON. " + SHAPE);
        }
        JsonNode request = parse(body);
        JsonNode id = request.get("id");
        JsonNode label = request.get("label");
        if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
            throw invalid("\"id\" is missing or not a string. " + SHAPE);
        }
        if (label == null || label.isNull()) {
            throw invalid("\"label\" is missing. " + SHAPE);
        }
        Map<String, String> models = new LinkedHashMap<>();
        FeedbackService.Taken taken = feedback.take(id.textValue(), label);
        taken.outcomes().forEach((model, right) -> models.put(model, right ? "right" : "wrong"));
        return Response.status(Response.Status.CREATED)
                .type(MediaType.APPLICATION_JSON)
                .entity(new FeedbackResponse(taken.label(), models))
                .build();
    }

    private JsonNode parse(byte[] body) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("The request body is not valid JSON. " + SHAPE);
        } catch (IOException e) {
            throw invalid("The request body could not be read. " + SHAPE);
        }
        if (request == null || !request.isObject()) {
            throw invalid("The request body is not a JSON object. " + SHAPE);
        }
        return request;
    }

    private static FeedbackRejected invalid(String detail) {
        return new FeedbackRejected(FeedbackRejected.Reason.INVALID_FEEDBACK, detail);
    }

    @GET
    @Path("export")
    @Produces({ZIP, Problem.MEDIA_TYPE})
    @Operation(
            summary = "The corrected drawings as a training set (admin only)",
            description = "Authorization: Bearer <gateway.feedback.admin-token>. A zip of feedback-images-idx3-ubyte"
                    + " and feedback-labels-idx1-ubyte, MNIST's IDX format, labels 0-9 and 10 for \"not a digit\":"
                    + " every stored drawing whose truth is known, oldest first. 401 without a token, 403 with"
                    + " another one, 503 feedback-unavailable while the database cannot be reached.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = ZIP))
    public Response export(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
            return refuse(
                    Problem.of(
                            401,
                            "unauthorized",
                            "Unauthorized",
                            "The export is for administrators: send Authorization: Bearer <admin token>."),
                    true);
        }
        byte[] token = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        if (adminToken.isEmpty() || !MessageDigest.isEqual(token, adminToken.get())) {
            return refuse(
                    Problem.of(403, "forbidden", "Forbidden", "This token does not open the feedback export."), false);
        }
        FeedbackStore.Export export = feedback.export();
        StreamingOutput zip = out -> {
            try (export) {
                export.writeTo(out);
            }
        };
        return Response.ok(zip, ZIP)
                .header("Content-Disposition", "attachment; filename=\"feedback.zip\"")
                .header("X-Feedback-Count", export.count())
                .build();
    }

    private Response refuse(Problem problem, boolean challenge) {
        metrics.rejected(problem.reason());
        Response response = problem.toResponse();
        return challenge
                ? Response.fromResponse(response)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"feedback-export\"")
                        .build()
                : response;
    }
}
