package dev.digitrecognizer.inference.protocol.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "InferResponse")
public record InferenceResponse(
        @JsonProperty("model_name") String modelName,
        @JsonProperty("model_version") String modelVersion,
        String id,
        List<Output> outputs) {

    /** {@code parameters} and {@code data} are each null when not sent; a binary output has no {@code data}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(
            String name, String datatype, List<Long> shape, Map<String, Object> parameters, float[] data) {}
}
