package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.preprocessing.Base64Image;
import dev.digitrecognizer.preprocessing.Preprocessor;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The least a gateway in front of the inference service can be, for ratios.sh to set the real one
 * against: Vert.x core alone, with as many event loops as Quarkus gives the gateway, and none of
 * its framework. {@code POST /predict} takes the gateway's JSON body and does only the work the c=1
 * ratio counts: the image's base64 decoded, decoded and preprocessed on the event loop, then the
 * direct binary infer call the ratio's denominator times, the same bytes to the same endpoint over
 * a kept-alive connection, and the answer's digit and probabilities as JSON. No validation, fault
 * tolerance, metrics, timings or input image. {@code GET} answers 200 once it listens.
 * Arguments: PORT BACKEND_PORT.
 */
public final class BareGateway {
    private BareGateway() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int backend = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(
                        () -> new Loop(port, backend),
                        new DeploymentOptions()
                                .setInstances(2 * Runtime.getRuntime().availableProcessors()))
                .toCompletionStage()
                .toCompletableFuture()
                .join();
    }

    /** One event loop's server and its own client to the inference service. */
    private static final class Loop extends AbstractVerticle {
        private final int port;
        private final int backend;
        private final Preprocessor preprocessor = new Preprocessor();
        private HttpClient client;

        Loop(int port, int backend) {
            this.port = port;
            this.backend = backend;
        }

        @Override
        public void start(Promise<Void> started) {
            client = vertx.createHttpClient(
                    new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(backend),
                    new PoolOptions().setHttp1MaxSize(64));
            vertx.createHttpServer()
                    .requestHandler(request -> {
                        if (request.method() != HttpMethod.POST) {
                            request.response().end("ok");
                            return;
                        }
                        request.body()
                                .onSuccess(body -> predict(body, request.response()))
                                .onFailure(e ->
                                        request.response().setStatusCode(400).end());
                    })
                    .listen(port)
                    .<Void>mapEmpty()
                    .onComplete(started);
        }

        private void predict(Buffer body, HttpServerResponse response) {
            JsonObject request = body.toJsonObject();
            String model = request.getString("model");
            float[] pixels = preprocessor
                    .toModelInput(Base64Image.bytes(request.getString("image"), Preprocessor.DEFAULT_MAX_BYTES))
                    .pixels();
            Buffer infer = Buffer.buffer(LoadBodies.binaryInfer(pixels));
            client.request(HttpMethod.POST, "/v2/models/" + model + "/infer")
                    .compose(call -> call.putHeader("Content-Type", "application/octet-stream")
                            .putHeader(
                                    "Inference-Header-Content-Length",
                                    Integer.toString(LoadBodies.BINARY_HEADER.length()))
                            .send(infer))
                    .compose(HttpClientResponse::body)
                    .onSuccess(answer -> {
                        JsonArray probabilities = answer.toJsonObject()
                                .getJsonArray("outputs")
                                .getJsonObject(0)
                                .getJsonArray("data");
                        int digit = 0;
                        for (int c = 1; c < probabilities.size(); c++) {
                            if (probabilities.getDouble(c) > probabilities.getDouble(digit)) {
                                digit = c;
                            }
                        }
                        response.putHeader("Content-Type", "application/json")
                                .end(new JsonObject()
                                        .put("model", model)
                                        .put("digit", digit)
                                        .put("probabilities", probabilities)
                                        .encode());
                    })
                    .onFailure(e -> response.setStatusCode(502).end());
        }
    }
}
