package dev.digitrecognizer.gateway.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.List;

/**
 * Jackson's failures as problems a person can act on. Jackson's own messages name its classes and
 * features ({@code StreamReadConstraints}, {@code JsonReadFeature}), so none of them is passed on.
 */
final class JsonProblems {
    private static final String SHAPE =
            "Send a JSON object such as {\"image\": \"data:image/png;base64,...\", \"model\": \"cnn\"}.";

    private JsonProblems() {}

    /** Valid JSON of the wrong shape: an array, a string, an object where a string belongs. */
    static Problem wrongShape(MismatchedInputException e) {
        return Problem.of(400, "bad-request", "Bad request", shapeDetail(e.getPath()));
    }

    private static String shapeDetail(List<JsonMappingException.Reference> path) {
        String field = path.isEmpty() ? null : path.get(0).getFieldName();
        if ("image".equals(field)) {
            return "image must be a string: a data URL or base64.";
        }
        if ("model".equals(field)) {
            return "model must be a string: cnn, mlp, scratch or all.";
        }
        return "The request body is not a JSON object with an \"image\" field. " + SHAPE;
    }

    /** Not JSON at all, JSON that breaks a limit, or a field sent twice. */
    static Problem malformed(JsonProcessingException e) {
        return Problem.of(400, "malformed-json", "Malformed JSON", malformedDetail(e));
    }

    private static String malformedDetail(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            if (message.contains("nesting depth")) {
                return "The JSON is nested more than "
                        + StreamReadConstraints.defaults().getMaxNestingDepth() + " levels deep. " + SHAPE;
            }
            return "The JSON has a number, string or field name longer than this server accepts. " + SHAPE;
        }
        if (message.startsWith("Duplicate field '")) {
            String name = message.substring("Duplicate field '".length(), message.length() - 1);
            String field = name.equals("image") || name.equals("model") ? "\"" + name + "\"" : "a field";
            return "The JSON has " + field + " more than once; send each field once.";
        }
        if (e instanceof JsonEOFException || message.startsWith("Unexpected end-of-input")) {
            return "The request body is not valid JSON: it ends before the JSON does.";
        }
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            return "The request body is not valid JSON (the error is at line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ").";
        }
        return "The request body is not valid JSON.";
    }
}
