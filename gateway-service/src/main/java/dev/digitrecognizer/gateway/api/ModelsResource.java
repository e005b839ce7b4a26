package dev.digitrecognizer.gateway.api;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.inference.InferenceClient;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The models on offer and their cards, as the inference service serves them now; all asked at once. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {
    private final GatewayConfig config;
    private final InferenceClient inference;

    ModelsResource(GatewayConfig config, InferenceClient inference) {
        this.config = config;
        this.inference = inference;
    }

    public record ModelsResponse(List<Map<String, Object>> models) {}

    @GET
    @Operation(summary = "The models: name, architecture, parameters and measured test accuracy")
    public Uni<ModelsResponse> models() {
        return Uni.join()
                .all(config.models().stream().map(inference::card).toList())
                .andFailFast()
                .map(ModelsResponse::new);
    }
}
