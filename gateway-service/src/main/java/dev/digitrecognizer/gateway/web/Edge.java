package dev.digitrecognizer.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.gateway.api.Problem;
import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import dev.digitrecognizer.http.Drain;
import dev.digitrecognizer.http.Refusal;
import dev.digitrecognizer.http.RequestEdge;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.UncheckedIOException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The gateway's {@link RequestEdge}: its refusals as problem+json, counted by reason. On SIGTERM it
 * drains: requests in flight finish, new ones get 503 {@code shutting-down}, and the gateway stops
 * when the last is answered (or {@code gateway.drain-timeout} has passed).
 */
@ApplicationScoped
class Edge implements RequestEdge.Responder {
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;
    private final Drain drain = new Drain();

    Edge(GatewayConfig config, GatewayMetrics metrics, ObjectMapper json) {
        this.config = config;
        this.metrics = metrics;
        this.json = json;
    }

    void install(@Observes Router router) {
        RequestEdge.install(
                router, "/api/*", new RequestEdge.Limits(config.maxBodyBytes(), config.bodyTimeout()), this, drain);
    }

    /** Runs before the HTTP server stops (quarkus.shutdown.delay-enabled), which then has nothing left to cut. */
    void drain(@Observes ShutdownDelayInitiatedEvent event) throws InterruptedException {
        drain.stop(config.drainDelay(), config.drainTimeout());
    }

    /** Hands the body read on the event loop to RESTEasy, which would otherwise read it again. */
    @ServerRequestFilter(preMatching = true)
    void useBody(ContainerRequestContext request, RoutingContext context) {
        RequestEdge.body(context).ifPresent(request::setEntityStream);
    }

    @Override
    public String contentType() {
        return Problem.MEDIA_TYPE;
    }

    @Override
    public String body(Refusal refusal) {
        try {
            return json.writeValueAsString(problem(refusal));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void refused(Refusal refusal) {
        metrics.rejected(problem(refusal).reason());
    }

    @Override
    public void disconnected() {
        metrics.clientDisconnected();
    }

    private Problem problem(Refusal refusal) {
        String detail = refusal.kind() == Refusal.Kind.TOO_LARGE
                ? "The request body is over " + config.maxBodyBytes() + " bytes; send an image of at most "
                        + config.maxImageBytes() + " bytes."
                : refusal.detail();
        return Problem.of(
                refusal.status(), refusal.kind().slug(), refusal.kind().title(), detail);
    }
}
