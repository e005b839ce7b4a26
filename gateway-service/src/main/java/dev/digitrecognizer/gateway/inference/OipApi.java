package dev.digitrecognizer.gateway.inference;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The inference service's Open Inference Protocol, as far as the gateway uses it besides infer,
 * which an {@link InferTransport} sends. Calls answer a {@link Uni} so that {@link InferenceClient}
 * can give each one a timeout.
 */
@RegisterRestClient(configKey = "inference")
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
interface OipApi {

    record Tensor(String name, List<Integer> shape, String datatype, float[] data) {}

    record InferResponse(
            @JsonProperty("model_name") String modelName,
            @JsonProperty("model_version") String modelVersion,
            List<Tensor> outputs) {}

    record ModelMetadata(String name, List<String> versions, Map<String, Object> card) {}

    @GET
    @Path("models/{name}")
    Uni<ModelMetadata> metadata(@PathParam("name") String name);

    /** 200 once the service has loaded its models and serves at least one. */
    @GET
    @Path("health/ready")
    Uni<String> ready();
}
