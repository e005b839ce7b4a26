package dev.digitrecognizer.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.digitrecognizer.gateway.Overloaded;
import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.feedback.FeedbackRejected;
import dev.digitrecognizer.gateway.inference.InferenceUnavailable;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import dev.digitrecognizer.preprocessing.ImageRejected;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

/** Every failure leaves as problem+json, counted by reason; never as a stack trace. */
class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final String UNAVAILABLE = "The recognition service is unavailable. Try again in a moment.";

    private final GatewayMetrics metrics;
    private final long unavailableRetryAfter;
    private final long feedbackRetryAfter;

    ProblemMappers(GatewayMetrics metrics, GatewayConfig config) {
        this.metrics = metrics;
        this.unavailableRetryAfter = Math.max(1, config.unavailableRetryAfter().toSeconds());
        this.feedbackRetryAfter = Math.max(1, config.feedback().retryAfter().toSeconds());
    }

    private Response send(Problem problem) {
        metrics.rejected(problem.reason());
        return problem.toResponse();
    }

    @ServerExceptionMapper
    Response problem(ProblemException e) {
        return send(e.problem());
    }

    @ServerExceptionMapper
    Response image(ImageRejected e) {
        return send(
                switch (e.reason()) {
                    case NOT_AN_IMAGE -> Problem.of(400, "not-an-image", "Not an image", e.getMessage());
                    case UNSUPPORTED_FORMAT ->
                        Problem.of(415, "unsupported-format", "Unsupported image format", e.getMessage());
                    case CORRUPT -> Problem.of(400, "corrupt-image", "Corrupt image", e.getMessage());
                    case TOO_LARGE -> Problem.of(413, "too-large", "Image too large", e.getMessage());
                    case TOO_MANY_PIXELS ->
                        Problem.of(422, "too-many-pixels", "Image dimensions too large", e.getMessage());
                    case BAD_ASPECT_RATIO -> Problem.of(422, "bad-aspect-ratio", "Not a digit's shape", e.getMessage());
                    case EMPTY -> Problem.of(422, "empty-canvas", "Nothing drawn", e.getMessage());
                    case TOO_MANY_DIGITS -> Problem.of(422, "too-many-digits", "Too many digits", e.getMessage());
                    case DIGITS_TOUCH -> Problem.of(422, "digits-touch", "Digits touch", e.getMessage());
                });
    }

    /** Down, too slow, or the circuit is open: fail fast with 503, and say when to come back. */
    @ServerExceptionMapper({InferenceUnavailable.class, FaultToleranceException.class})
    Response unavailable(RuntimeException e) {
        LOG.warnf("inference unavailable: %s", e.getMessage());
        Response problem = send(Problem.of(503, "inference-unavailable", "Service unavailable", UNAVAILABLE));
        return Response.fromResponse(problem)
                .header("Retry-After", unavailableRetryAfter)
                .build();
    }

    /** Load shed on purpose, by the gateway's decode budget or by the inference service: 503 with Retry-After. */
    @ServerExceptionMapper
    Response overloaded(Overloaded e) {
        Response problem = send(Problem.of(503, "overloaded", "Overloaded", e.getMessage()));
        return Response.fromResponse(problem)
                .header("Retry-After", e.retryAfterSeconds())
                .build();
    }

    @ServerExceptionMapper
    Response feedback(FeedbackRejected e) {
        Problem problem = switch (e.reason()) {
            case INVALID_FEEDBACK -> Problem.of(400, "invalid-feedback", "Invalid feedback", e.getMessage());
            case INVALID_LABEL -> Problem.of(422, "invalid-label", "Invalid label", e.getMessage());
            case INVALID_ANSWER_ID -> Problem.of(400, "invalid-answer-id", "Unknown answer", e.getMessage());
            case ANSWER_EXPIRED -> Problem.of(410, "answer-expired", "Answer expired", e.getMessage());
            case FEEDBACK_EXISTS -> Problem.of(409, "feedback-exists", "Feedback already given", e.getMessage());
            case TOO_LARGE -> Problem.of(413, "too-large", "Feedback too large", e.getMessage());
            case UNAVAILABLE -> Problem.of(503, "feedback-unavailable", "Feedback unavailable", e.getMessage());
        };
        Response response = send(problem);
        if (e.reason() == FeedbackRejected.Reason.UNAVAILABLE) {
            return Response.fromResponse(response)
                    .header("Retry-After", feedbackRetryAfter)
                    .build();
        }
        return response;
    }

    /** Valid JSON of the wrong shape; without this, Quarkus's own mapper answers a bare 400. */
    @ServerExceptionMapper
    Response wrongShape(MismatchedInputException e) {
        return send(JsonProblems.wrongShape(e));
    }

    @ServerExceptionMapper
    Response malformedJson(JsonProcessingException e) {
        if (e instanceof MismatchedInputException shape) {
            return wrongShape(shape);
        }
        return send(JsonProblems.malformed(e));
    }

    /** The multipart reader's failures: a body cut off before its closing boundary, or a closed connection. */
    @ServerExceptionMapper
    Response unreadable(IOException e, HttpServerRequest request) {
        if (ClientDisconnect.isDisconnect(e, request)) {
            return disconnected(e);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("multipart")) {
            return send(Problem.of(
                    400,
                    "bad-request",
                    "Bad request",
                    "The multipart body ends before its closing boundary; send a complete multipart/form-data body."));
        }
        return unexpected(e, request);
    }

    /** A multipart body whose parts or headers cannot be parsed. */
    @ServerExceptionMapper
    Response malformedMultipart(MultipartParser.MalformedMessageException e) {
        return send(Problem.of(
                400,
                "bad-request",
                "Bad request",
                "The multipart body is malformed; send multipart/form-data with the file in a part named \"image\"."));
    }

    @ServerExceptionMapper
    Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        if (e instanceof NotSupportedException) {
            return send(Problem.of(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "Send JSON, multipart/form-data, image/png or image/jpeg."));
        }
        if (e instanceof NotFoundException) {
            return send(Problem.of(404, "not-found", "Not found", "There is nothing at this address."));
        }
        if (e instanceof NotAllowedException) {
            return send(Problem.of(405, "method-not-allowed", "Method not allowed", e.getMessage()));
        }
        if (e instanceof NotAcceptableException) {
            return send(Problem.of(
                    406,
                    "not-acceptable",
                    "Not acceptable",
                    "This API answers in JSON; accept application/json or application/problem+json."));
        }
        int status = e.getResponse().getStatus();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Param limit")) {
            return send(
                    Problem.of(
                            status,
                            "bad-request",
                            "Bad request",
                            "The form has too many fields; send the image in a field named \"image\" and, optionally, \"model\"."));
        }
        return send(Problem.of(status, "bad-request", "Bad request", "The request could not be read."));
    }

    @ServerExceptionMapper
    Response unexpected(Exception e, HttpServerRequest request) {
        if (ClientDisconnect.isDisconnect(e, request)) {
            return disconnected(e);
        }
        LOG.error("unexpected error", e);
        return send(Problem.of(500, "internal-error", "Internal error", "Something went wrong on our side."));
    }

    /** Nobody is left to read the answer: not the gateway's fault, so no stack trace and no internal_error. */
    private Response disconnected(Exception e) {
        LOG.debugf("client disconnected: %s", e);
        return send(Problem.of(
                400,
                "client-disconnected",
                "Client disconnected",
                "The connection closed before the request was read."));
    }
}
