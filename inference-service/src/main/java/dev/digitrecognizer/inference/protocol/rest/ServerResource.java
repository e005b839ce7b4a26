package dev.digitrecognizer.inference.protocol.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.inference.dataplane.DataPlane;
import dev.digitrecognizer.inference.dataplane.Failure.ModelNotReady;
import dev.digitrecognizer.inference.dataplane.ServerMetadata;
import dev.digitrecognizer.inference.repository.ModelStatus;
import dev.digitrecognizer.inference.repository.ModelStatus.State;
import dev.digitrecognizer.inference.repository.ServedVersions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Server-wide endpoints of the Open Inference Protocol, and Triton's model repository extension;
 * {@link #metadata()} lists the extensions served, here and in {@link ModelEndpoints}.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class ServerResource {
    private final DataPlane dataPlane;
    private final ServedVersions servedVersions;
    private final ObjectMapper json;

    ServerResource(DataPlane dataPlane, ServedVersions servedVersions, ObjectMapper json) {
        this.dataPlane = dataPlane;
        this.servedVersions = servedVersions;
        this.json = json;
    }

    /** One version of a model, or a model with none served (version empty), as Triton's index lists it. */
    public record RepositoryEntry(String name, String version, String state, String reason) {}

    /** The index request's body; {@code ready: true} lists only what is served. */
    record IndexRequest(Boolean ready) {}

    @GET
    public ServerMetadata metadata() {
        return dataPlane.metadata();
    }

    @GET
    @Path("health/live")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("health/ready")
    public Map<String, Boolean> ready() {
        if (dataPlane.ready()) {
            return Map.of("ready", true);
        }
        if (servedVersions.loading()) {
            throw new ModelNotReady("models are still loading");
        }
        String failures = servedVersions.statuses().stream()
                .filter(status -> status.state() == State.UNAVAILABLE)
                .map(status -> "model '" + status.name() + "' failed to load (" + status.reason() + ")")
                .collect(Collectors.joining("; "));
        throw new ModelNotReady("the server is not ready: "
                + (failures.isEmpty() ? "the model repository has no model to serve" : failures));
    }

    /**
     * Every model in the repository: each served version as READY, and a model that serves none
     * as UNAVAILABLE with why (its load failed, or it was unloaded); a failed reload of a model
     * still served is listed too, with its reason.
     */
    @POST
    @Path("repository/index")
    public List<RepositoryEntry> index(String body) throws JsonProcessingException {
        boolean readyOnly = body != null
                && !body.isBlank()
                && Boolean.TRUE.equals(json.readValue(body, IndexRequest.class).ready());
        List<RepositoryEntry> entries = new ArrayList<>();
        for (ModelStatus status : servedVersions.statuses()) {
            status.versions()
                    .forEach(version -> entries.add(new RepositoryEntry(
                            status.name(), Long.toString(version), State.READY.name(), status.reason())));
            if (status.versions().isEmpty() && !readyOnly) {
                String reason = status.state() == State.UNLOADED ? "unloaded" : status.reason();
                String state = status.state() == State.LOADING ? State.LOADING.name() : State.UNAVAILABLE.name();
                entries.add(new RepositoryEntry(status.name(), "", state, reason));
            }
        }
        return entries;
    }

    /** Loads the model, or reloads it if its files changed; answers once it is served, or with why not. */
    @POST
    @Path("repository/models/{name}/load")
    public Map<String, Object> load(@PathParam("name") String name) {
        dataPlane.load(name);
        return Map.of();
    }

    @POST
    @Path("repository/models/{name}/unload")
    public Map<String, Object> unload(@PathParam("name") String name) {
        dataPlane.unload(name);
        return Map.of();
    }
}
