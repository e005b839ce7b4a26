package dev.digitrecognizer.inference.protocol.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The protocol's route table for one model: {@code /v2/models/{name}} and
 * {@code /v2/models/{name}/versions/{version}} lead to the same {@link ModelEndpoints}, as KServe's
 * {@code v2_endpoints.py} points both paths at one handler, so every route has one handler.
 */
@Path("/v2/models")
public class ModelResource {
    private final ModelEndpoints endpoints;

    ModelResource(ModelEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** Every model's statistics; a literal path, so it wins over {@code {name}}: no model is named by it. */
    @GET
    @Path("stats")
    @Produces(MediaType.APPLICATION_JSON)
    public ModelEndpoints.Statistics stats() {
        return endpoints.stats(null, null);
    }

    @Path("{name}")
    public ModelEndpoints model() {
        return endpoints;
    }

    @Path("{name}/versions/{version}")
    public ModelEndpoints version() {
        return endpoints;
    }
}
