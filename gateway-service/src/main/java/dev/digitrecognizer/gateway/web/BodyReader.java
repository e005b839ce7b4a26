package dev.digitrecognizer.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.gateway.api.Problem;
import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Reads every API request body on the event loop before a resource sees it, so a client that
 * sends slowly holds a connection but never a worker thread. A body not complete within
 * {@code gateway.body-timeout} gets 408; one over the limit, declared or not (chunked), gets 413;
 * both close the connection. A client that hangs up mid-body is logged at DEBUG and counted.
 */
@ApplicationScoped
class BodyReader {
    private static final Logger LOG = Logger.getLogger(BodyReader.class);

    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;

    BodyReader(GatewayConfig config, GatewayMetrics metrics, ObjectMapper json) {
        this.config = config;
        this.metrics = metrics;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(-90).handler(this::read);
    }

    /** Hands the body read on the event loop to RESTEasy, which would otherwise read it again. */
    @ServerRequestFilter(preMatching = true)
    void useBody(ContainerRequestContext request, RoutingContext context) {
        Buffer body = context.body().buffer();
        if (body != null) {
            request.setEntityStream(new ByteArrayInputStream(body.getBytes()));
        }
    }

    private void read(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.isEnded() || !hasBody(request)) {
            context.next();
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        long timer = context.vertx().setTimer(config.bodyTimeout().toMillis(), id -> {
            if (!over[0] && !request.isEnded()) {
                over[0] = true;
                reject(
                        context,
                        Problem.of(
                                408,
                                "request-timeout",
                                "Request timeout",
                                "The request body did not arrive within "
                                        + config.bodyTimeout().toSeconds() + " seconds; send it again, all at once."));
            }
        });
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > config.maxBodyBytes()) {
                over[0] = true;
                context.vertx().cancelTimer(timer);
                reject(context, RequestLimits.tooLarge(config));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            context.vertx().cancelTimer(timer);
            if (!over[0]) {
                over[0] = true;
                metrics.clientDisconnected();
                LOG.debugf("client hung up while sending its request body: %s", e.getMessage());
            }
        });
        request.endHandler(v -> {
            context.vertx().cancelTimer(timer);
            if (!over[0]) {
                context.setBody(body);
                context.next();
            }
        });
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || (length != null && !length.trim().equals("0"));
    }

    private void reject(RoutingContext context, Problem problem) {
        metrics.rejected(problem.reason());
        try {
            context.response()
                    .setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(json.writeValueAsString(problem))
                    .onComplete(done -> context.request().connection().close());
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
