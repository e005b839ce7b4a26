package dev.digitrecognizer.gateway.inference;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The infer call over REST, on a bare Vert.x HTTP client, kept-alive and pooled. It is the gateway's hottest
 * remote call, and the REST client's layers (filters, JAX-RS contexts, entity providers) cost more
 * CPU than the call itself; this posts the binary body and reads the JSON answer, nothing more.
 * Called on an event loop, it answers on the same one. Its URL, connect timeout and pool size are
 * the {@code quarkus.rest-client.inference.*} keys that the rest of {@link OipApi} uses too.
 */
@ApplicationScoped
@Typed(HttpTransport.class)
class HttpTransport implements InferTransport {
    private static final int DEFAULT_PORT = 80;
    private final HttpClient client;
    private final ObjectMapper json;
    private final URI base;

    HttpTransport(
            Vertx vertx,
            ObjectMapper json,
            @ConfigProperty(name = "quarkus.rest-client.inference.url") URI base,
            @ConfigProperty(name = "quarkus.rest-client.inference.connect-timeout", defaultValue = "500")
                    int connectTimeoutMillis,
            @ConfigProperty(name = "quarkus.rest-client.inference.connection-pool-size", defaultValue = "50")
                    int poolSize) {
        this.json = json;
        this.base = base;
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setConnectTimeout(connectTimeoutMillis),
                new PoolOptions().setHttp1MaxSize(poolSize));
    }

    @Override
    public Uni<Inferred> infer(String model, float[][] rows, Duration timeout) {
        BinaryInput input = BinaryInput.of(rows);
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(base.getHost())
                .setPort(base.getPort() == -1 ? DEFAULT_PORT : base.getPort())
                .setURI(base.getRawPath().replaceAll("/$", "") + "/v2/models/" + model + "/infer")
                .setIdleTimeout(Math.max(1, timeout.toMillis()))
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader("Inference-Header-Content-Length", Integer.toString(input.headerLength()));
        return Uni.createFrom()
                .completionStage(() -> client.request(request)
                        .compose(call -> call.send(Buffer.buffer(input.body())))
                        .compose(response -> response.body().map(body -> {
                            if (response.statusCode() != 200) {
                                throw refused(model, response.statusCode(), response.getHeader("Retry-After"));
                            }
                            OipApi.InferResponse answer = parse(body);
                            return new Inferred(answer.outputs().get(0).data(), versionOf(answer.modelVersion()));
                        }))
                        .toCompletionStage());
    }

    /** Shed load (503 or 429 with Retry-After) is overload; any other status is unavailability. */
    private static RuntimeException refused(String model, int status, String retryAfter) {
        if ((status == 503 || status == 429) && retryAfter != null) {
            return InferTransport.overloaded(InferTransport.retryAfterSeconds(retryAfter));
        }
        return new InferenceUnavailable("model " + model + ": HTTP " + status);
    }

    private OipApi.InferResponse parse(Buffer body) {
        try {
            return json.readValue(body.getBytes(), OipApi.InferResponse.class);
        } catch (IOException e) {
            throw new InferenceUnavailable(
                    "the inference service's answer is not the protocol's JSON: " + e.getMessage());
        }
    }

    /** The version the protocol names, or "" when the server left it out. */
    static String versionOf(String version) {
        return version == null ? "" : version;
    }
}
