package dev.digitrecognizer.inference.protocol.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /v2/models/{name}/infer} body of the Open Inference Protocol. */
@Schema(name = "InferRequest")
public record InferenceRequest(String id, Map<String, Object> parameters, List<Input> inputs, List<Output> outputs) {

    /** {@code data} is a flat or nested row-major array; it is checked against shape and datatype. */
    public record Input(
            String name, List<Long> shape, String datatype, Map<String, Object> parameters, JsonNode data) {}

    public record Output(String name, Map<String, Object> parameters) {}
}
