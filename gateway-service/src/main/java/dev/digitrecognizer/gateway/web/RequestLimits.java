package dev.digitrecognizer.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.gateway.api.Problem;
import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers 413 with a problem before reading a body whose declared length is over the limit.
 * Bodies without a length are still capped by quarkus.http.limits.max-body-size.
 */
@ApplicationScoped
class RequestLimits {
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;

    RequestLimits(GatewayConfig config, GatewayMetrics metrics, ObjectMapper json) {
        this.config = config;
        this.metrics = metrics;
        this.json = json;
    }

    void install(@Observes Router router) throws Exception {
        router.route("/api/*").order(-100).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && parse(length) > config.maxBodyBytes()) {
                Problem problem = tooLarge(config);
                metrics.rejected(problem.reason());
                try {
                    context.response()
                            .setStatusCode(413)
                            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end(json.writeValueAsString(problem));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    context.fail(e);
                }
                return;
            }
            context.next();
        });
    }

    /** The same 413 whether the length was declared or counted while reading. */
    static Problem tooLarge(GatewayConfig config) {
        return Problem.of(
                413,
                "too-large",
                "Request too large",
                "The request body is over " + config.maxBodyBytes() + " bytes; send an image of at most "
                        + config.maxImageBytes() + " bytes.");
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
