package dev.digitrecognizer.inference.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.http.Drain;
import dev.digitrecognizer.http.Refusal;
import dev.digitrecognizer.http.RequestEdge;
import dev.digitrecognizer.inference.config.InferenceConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
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
 * The protocol's {@link RequestEdge}: its refusals as {@code {"error": "..."}}. On SIGTERM it
 * drains both transports (gRPC calls are counted by {@link GrpcDrain}): requests in flight are
 * answered, new ones refused, and the service stops when the last is answered (or
 * {@code inference.drain-timeout} has passed).
 */
@ApplicationScoped
class Edge implements RequestEdge.Responder {
    private final Drain drain = new Drain();
    private final InferenceConfig config;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    Edge(
            InferenceConfig config,
            MeterRegistry meters,
            ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                    MemorySize maxBodySize) {
        this.config = config;
        this.meters = meters;
        this.json = json;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        RequestEdge.install(router, "/v2/*", new RequestEdge.Limits(maxBodyBytes, config.bodyTimeout()), this, drain);
    }

    /** Runs before either server stops (quarkus.shutdown.delay-enabled), which then has nothing left to cut. */
    void drain(@Observes ShutdownDelayInitiatedEvent event) throws InterruptedException {
        drain.stop(config.drainDelay(), config.drainTimeout());
    }

    Drain drain() {
        return drain;
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
