package dev.digitrecognizer.inference.protocol.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.http.Refusal;
import dev.digitrecognizer.http.RequestEdge;
import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.protocol.Draining;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.UncheckedIOException;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The REST protocol's {@link RequestEdge}: its refusals as {@code {"error": "..."}}, its requests
 * counted in the service's {@link Draining}.
 */
@ApplicationScoped
class Edge implements RequestEdge.Responder {
    private final InferenceConfig config;
    private final Draining draining;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    Edge(
            InferenceConfig config,
            Draining draining,
            MeterRegistry meters,
            ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                    MemorySize maxBodySize) {
        this.config = config;
        this.draining = draining;
        this.meters = meters;
        this.json = json;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        RequestEdge.install(
                router, "/v2/*", new RequestEdge.Limits(maxBodyBytes, config.bodyTimeout()), this, draining.drain());
    }

    /** Hands the body read on the event loop to RESTEasy, which would otherwise read it again. */
    @ServerRequestFilter(preMatching = true)
    void useBody(ContainerRequestContext request, RoutingContext context) {
        RequestEdge.body(context).ifPresent(request::setEntityStream);
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public String body(Refusal refusal) {
        try {
            return json.writeValueAsString(Map.of("error", refusal.detail()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void refused(Refusal refusal) {}

    @Override
    public void disconnected() {
        Counter.builder("http.client.disconnects")
                .description("Connections closed by the client before its request body was complete")
                .register(meters)
                .increment();
    }
}
