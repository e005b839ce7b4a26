package dev.digitrecognizer.inference.oip;

import jakarta.ws.rs.Path;

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

    @Path("{name}")
    public ModelEndpoints model() {
        return endpoints;
    }

    @Path("{name}/versions/{version}")
    public ModelEndpoints version() {
        return endpoints;
    }
}
