package dev.digitrecognizer.inference.oip;

import dev.digitrecognizer.inference.model.ModelRegistry;
import dev.digitrecognizer.inference.model.ServedModel;
import dev.digitrecognizer.inference.oip.OipErrors.ModelNotReady;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Server-wide endpoints of the Open Inference Protocol, and Triton's repository index. */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class ServerResource {
    private final ModelRegistry registry;

    ServerResource(ModelRegistry registry) {
        this.registry = registry;
    }

    public record ServerMetadata(String name, String version, List<String> extensions) {}

    public record RepositoryEntry(String name, String version, String state, String reason) {}

    @GET
    public ServerMetadata metadata() {
        return new ServerMetadata("digit-recognizer-inference", "1.0.0", List.of("model_repository"));
    }

    @GET
    @Path("health/live")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("health/ready")
    public Map<String, Boolean> ready() {
        if (registry.loading()) {
            throw new ModelNotReady("models are still loading");
        }
        if (!registry.failures().isEmpty()) {
            throw new ModelNotReady("the server is not ready: "
                    + registry.failures().entrySet().stream()
                            .map(failure ->
                                    "model '" + failure.getKey() + "' failed to load (" + failure.getValue() + ")")
                            .collect(Collectors.joining("; ")));
        }
        if (!registry.ready()) {
            throw new ModelNotReady("the server is not ready: the model repository has no model to serve");
        }
        return Map.of("ready", true);
    }

    /** Every model in the repository, with its state and, for one that failed to load, why. */
    @POST
    @Path("repository/index")
    public List<RepositoryEntry> index() {
        List<RepositoryEntry> entries = new ArrayList<>();
        for (String name : registry.models().keySet()) {
            entries.add(new RepositoryEntry(name, ServedModel.VERSION, "READY", ""));
        }
        registry.failures()
                .forEach((name, reason) ->
                        entries.add(new RepositoryEntry(name, ServedModel.VERSION, "UNAVAILABLE", reason)));
        return entries;
    }
}
