package dev.digitrecognizer.inference.protocol.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in a sentence what is wrong with a request body Jackson could not read, naming the field
 * ({@code inputs[0].shape}) and what it must be, without Jackson's own wording, class names or
 * settings, which only the log sees.
 */
final class JsonMistakes {
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*?)'");

    /** What each field of {@link InferenceRequest} must be, by its name. */
    private static final Map<String, String> FIELDS = Map.of(
            "inputs", "a list of tensors",
            "outputs", "a list of requested outputs",
            "shape", "a list of whole numbers",
            "parameters", "an object",
            "id", "a string",
            "name", "a string",
            "datatype", "a string");

    private JsonMistakes() {}

    static String describe(JsonProcessingException e) {
        if (e instanceof JsonMappingException && e.getCause() instanceof JsonProcessingException cause && cause != e) {
            return describe(cause); // a parse error met while binding, wrapped with its path
        }
        if (e instanceof StreamConstraintsException) {
            return "malformed JSON: " + limit(e.getOriginalMessage());
        }
        if (e instanceof InputCoercionException) {
            return at(e) + " must be a whole number small enough for a 64-bit integer";
        }
        if (e instanceof JsonParseException) {
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.find()) {
                return "malformed JSON: the key '" + duplicate.group(1) + "' appears twice in one object";
            }
            String what = String.valueOf(e.getOriginalMessage()).contains("end-of-input")
                    ? "the body ends before the JSON does"
                    : "the body is not valid JSON";
            return e.getLocation() == null || e.getLocation().getLineNr() < 0
                    ? "malformed JSON: " + what
                    : "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + what;
        }
        if (e instanceof MismatchedInputException mismatch) {
            List<JsonMappingException.Reference> path = mismatch.getPath();
            if (path.isEmpty()) {
                return "the request body must be a JSON object: an inference request with a list of inputs";
            }
            return path(path) + " must be " + expected(path, mismatch.getTargetType());
        }
        return "the request body could not be read as an inference request";
    }

    private static String limit(String message) {
        String text = String.valueOf(message).toLowerCase(java.util.Locale.ROOT);
        StreamReadConstraints limits = StreamReadConstraints.defaults();
        if (text.contains("nesting depth")) {
            return "it is nested more than " + limits.getMaxNestingDepth() + " levels deep";
        }
        if (text.contains("number value length")) {
            return "a number has more than " + limits.getMaxNumberLength() + " characters";
        }
        if (text.contains("string value length")) {
            return "a string is longer than " + limits.getMaxStringLength() + " characters";
        }
        return "the body is larger or more complex than this server reads";
    }

    /** The field a streaming error happened in, from the parser's position, or "a number". */
    private static String at(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return "a number";
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext context = parser.getParsingContext();
                context != null && !context.inRoot();
                context = context.getParent()) {
            if (context.inArray()) {
                parts.push("[" + Math.max(0, context.getCurrentIndex()) + "]");
            } else if (context.getCurrentName() != null) {
                parts.push("." + context.getCurrentName());
            }
        }
        String path = String.join("", parts);
        return path.isEmpty() ? "a number" : path.startsWith(".") ? path.substring(1) : path;
    }

    private static String path(List<JsonMappingException.Reference> path) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                text.append(text.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                text.append('[').append(Math.max(0, reference.getIndex())).append(']');
            }
        }
        return text.toString();
    }

    private static String expected(List<JsonMappingException.Reference> path, Class<?> target) {
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (last.getFieldName() != null && FIELDS.containsKey(last.getFieldName())) {
            return FIELDS.get(last.getFieldName());
        }
        if (last.getFieldName() == null && path.size() > 1) {
            String list = path.get(path.size() - 2).getFieldName();
            if ("shape".equals(list)) {
                return "a whole number";
            }
            if ("inputs".equals(list)) {
                return "a tensor: an object with name, shape, datatype and data";
            }
            if ("outputs".equals(list)) {
                return "an object with the output's name";
            }
        }
        if (target == null) {
            return "of another type";
        }
        if (Number.class.isAssignableFrom(target) || target == long.class || target == int.class) {
            return "a number";
        }
        if (target == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(target)) {
            return "a list";
        }
        return "an object";
    }
}
