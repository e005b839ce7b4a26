package dev.digitrecognizer.inference.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.model.ModelConfig;
import dev.digitrecognizer.inference.model.ServedModel;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Per-model endpoints of the Open Inference Protocol, reached through {@link ModelResource} with
 * or without {@code /versions/{version}}; {@code version} is null on the path without it.
 */
@Singleton
@Produces(MediaType.APPLICATION_JSON)
public class ModelEndpoints {
    private final ModelLookup models;
    private final Inference inference;
    private final InferenceConfig config;
    private final ObjectMapper json;

    ModelEndpoints(ModelLookup models, Inference inference, InferenceConfig config, ObjectMapper json) {
        this.models = models;
        this.inference = inference;
        this.config = config;
        this.json = json;
    }

    @GET
    public ModelMetadata metadata(@PathParam("name") String name, @PathParam("version") String version) {
        ServedModel model = models.served(name, version);
        return new ModelMetadata(
                model.name(),
                models.versions(name),
                model.config().platform(),
                List.of(new ModelMetadata.Tensor(
                        model.config().inputName(),
                        ModelConfig.DATATYPE,
                        model.config().inputShape())),
                List.of(new ModelMetadata.Tensor(
                        model.config().outputName(),
                        ModelConfig.DATATYPE,
                        model.config().outputShape())),
                model.card());
    }

    @GET
    @Path("ready")
    public Map<String, Object> ready(@PathParam("name") String name, @PathParam("version") String version) {
        models.served(name, version);
        return Map.of("name", name, "ready", true);
    }

    @POST
    @Path("infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public CompletionStage<InferResponse> infer(
            @PathParam("name") String name,
            @PathParam("version") String version,
            @Context HttpServerResponse response,
            InferRequest request) {
        return infer(models.served(name, version), version != null, request, null, response);
    }

    /**
     * On the event loop, not a worker: the body is already read (RequestEdge) and its rows are
     * copied, not parsed, so the request goes from the event loop straight to the model's queue.
     */
    @POST
    @Path("infer")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @NonBlocking
    @Operation(summary = "Infer with the binary tensor extension: a JSON header, then raw FP32 input data")
    public CompletionStage<InferResponse> inferBinary(
            @PathParam("name") String name,
            @PathParam("version") String version,
            @HeaderParam(BinaryRequest.HEADER_LENGTH) String headerLength,
            @Context HttpServerResponse response,
            byte[] body) {
        ServedModel model = models.served(name, version);
        BinaryRequest request = BinaryRequest.parse(body, headerLength, json);
        return infer(model, version != null, request.header(), request.data(), response);
    }

    /**
     * Queues the rows and answers when they are computed; a client that closes the connection
     * meanwhile withdraws its request, so it is never computed.
     */
    private CompletionStage<InferResponse> infer(
            ServedModel model, boolean pinned, InferRequest request, ByteBuffer binary, HttpServerResponse response) {
        TensorDecoder.Rows rows = TensorDecoder.decode(request, binary, model, config.maxRowsPerRequest());
        Inference.Call call = inference.submit(model, pinned, rows, QueueTimeout.of(request.parameters(), model));
        // Quarkus REST may instead cancel the answer when the connection closes, if it watches it itself.
        response.closeHandler(closed -> call.cancel());
        if (response.closed()) {
            call.cancel();
        }
        CompletableFuture<InferResponse> answer = call.outcome()
                .thenApply(outcome -> new InferResponse(
                        outcome.model().name(),
                        Long.toString(outcome.model().version()),
                        request.id(),
                        List.of(new InferResponse.Output(
                                outcome.model().config().outputName(),
                                ModelConfig.DATATYPE,
                                List.of((long) outcome.rows(), (long)
                                        outcome.model().outputWidth()),
                                outcome.output()))));
        answer.whenComplete((result, error) -> {
            if (answer.isCancelled()) {
                call.cancel();
            }
        });
        return answer;
    }
}
