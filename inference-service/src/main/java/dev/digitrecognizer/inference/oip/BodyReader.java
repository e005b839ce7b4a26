package dev.digitrecognizer.inference.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.inference.config.InferenceConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Reads every protocol request body on the event loop before a resource sees it, so a client that
 * sends slowly holds a connection but never a worker thread. A body not complete within
 * {@code inference.body-timeout} gets 408; one over {@code quarkus.http.limits.max-body-size},
 * declared or not (chunked), gets 413; both as the protocol's {@code {"error": "..."}} and both
 * close the connection. A client that hangs up mid-body is logged at DEBUG and counted. An
 * adapted copy of the gateway's {@code BodyReader}.
 */
@ApplicationScoped
class BodyReader {
    private static final Logger LOG = Logger.getLogger(BodyReader.class);

    private final InferenceConfig config;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    BodyReader(
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
        router.route("/v2/*").order(-90).handler(this::read);
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
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parse(length) > maxBodyBytes) {
            reject(context, 413, tooLarge());
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        long timer = context.vertx().setTimer(config.bodyTimeout().toMillis(), id -> {
            if (!over[0] && !request.isEnded()) {
                over[0] = true;
                reject(
                        context,
                        408,
                        "the request body did not arrive within "
                                + config.bodyTimeout().toSeconds() + " seconds; send it again, all at once");
            }
        });
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                over[0] = true;
                context.vertx().cancelTimer(timer);
                reject(context, 413, tooLarge());
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            context.vertx().cancelTimer(timer);
            if (!over[0]) {
                over[0] = true;
                Counter.builder("http.client.disconnects")
                        .description("Connections closed by the client before its request body was complete")
                        .register(meters)
                        .increment();
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

    private String tooLarge() {
        return "request body over " + maxBodyBytes + " bytes";
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || (length != null && !length.trim().equals("0"));
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void reject(RoutingContext context, int status, String message) {
        try {
            context.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(json.writeValueAsString(Map.of("error", message)))
                    .onComplete(done -> context.request().connection().close());
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
