package dev.digitrecognizer.inference.protocol.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.dataplane.DataPlane;
import dev.digitrecognizer.inference.dataplane.InferRequest;
import dev.digitrecognizer.inference.dataplane.ModelMetadata;
import dev.digitrecognizer.inference.repository.ModelConfig;
import dev.digitrecognizer.inference.repository.ModelStatus;
import dev.digitrecognizer.inference.repository.ServedVersions;
import dev.digitrecognizer.inference.scheduler.VersionStatistics;
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
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Per-model endpoints of the Open Inference Protocol, reached through {@link ModelResource} with
 * or without {@code /versions/{version}}; {@code version} is null on the path without it. Each
 * turns its request into the {@link DataPlane}'s terms and the answer back into the protocol's.
 */
@Singleton
@Produces(MediaType.APPLICATION_JSON)
public class ModelEndpoints {
    private final DataPlane dataPlane;
    private final ServedVersions servedVersions;
    private final ObjectMapper json;

    ModelEndpoints(DataPlane dataPlane, ServedVersions servedVersions, ObjectMapper json) {
        this.dataPlane = dataPlane;
        this.servedVersions = servedVersions;
        this.json = json;
    }

    @GET
    public ModelMetadata metadata(@PathParam("name") String name, @PathParam("version") String version) {
        return dataPlane.modelMetadata(name, version);
    }

    @GET
    @Path("ready")
    public Map<String, Object> ready(@PathParam("name") String name, @PathParam("version") String version) {
        dataPlane.model(name, version);
        return Map.of("name", name, "ready", true);
    }

    /**
     * Triton's statistics extension: every served version of the model, or only the one the path
     * names; {@link ModelResource} calls it with {@code name} null for every model.
     */
    @GET
    @Path("stats")
    public Statistics stats(@PathParam("name") String name, @PathParam("version") String version) {
        if (version != null) {
            ServedModel model = dataPlane.model(name, version);
            return new Statistics(List.of(servedVersions.statistics(model.name(), model.version())));
        }
        List<ModelStatus> statuses = name == null
                ? servedVersions.statuses()
                : List.of(servedVersions.status(dataPlane.model(name, null).name()));
        return new Statistics(statuses.stream()
                .flatMap(model -> model.versions().stream().map(v -> servedVersions.statistics(model.name(), v)))
                .toList());
    }

    /** The statistics extension's answer. */
    public record Statistics(@JsonProperty("model_stats") List<VersionStatistics.Snapshot> modelStats) {}

    /** A JSON answer, or with the binary tensor extension's {@code binary_data} a binary one. */
    @POST
    @Path("infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = InferenceResponse.class)))
    @Blocking
    public CompletionStage<Response> infer(
            @PathParam("name") String name,
            @PathParam("version") String version,
            @Context HttpServerResponse response,
            InferenceRequest request) {
        return infer(name, version, request, null, response);
    }

    /**
     * On the event loop, not a worker: the body is already read (RequestEdge) and its rows are
     * copied, not parsed, so the request goes from the event loop straight to the model's queue.
     */
    @POST
    @Path("infer")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @NonBlocking
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Infer with the binary tensor extension: a JSON header, then raw FP32 input data")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = InferenceResponse.class)))
    public CompletionStage<Response> inferBinary(
            @PathParam("name") String name,
            @PathParam("version") String version,
            @HeaderParam(BinaryRequest.HEADER_LENGTH) String headerLength,
            @Context HttpServerResponse response,
            byte[] body) {
        BinaryRequest request = BinaryRequest.parse(body, headerLength, json);
        return infer(name, version, request.header(), request.data(), response);
    }

    /**
     * Queues the rows and answers when they are computed; a client that closes the connection
     * meanwhile withdraws its request, so it is never computed.
     */
    private CompletionStage<Response> infer(
            String name, String version, InferenceRequest body, ByteBuffer binary, HttpServerResponse response) {
        InferRequest request = TensorDecoder.decode(name, version, body, binary);
        DataPlane.Call call = dataPlane.infer(request);
        // Quarkus REST may instead cancel the answer when the connection closes, if it watches it itself.
        response.closeHandler(closed -> call.cancel());
        if (response.closed()) {
            call.cancel();
        }
        CompletableFuture<Response> answer =
                call.result().thenApply(result -> answer(body.id(), request.rawOutput(), result));
        answer.whenComplete((result, error) -> {
            if (answer.isCancelled()) {
                call.cancel();
            }
        });
        return answer;
    }

    /** The outputs as JSON, or after a JSON header as bytes when the request asked for binary data. */
    private Response answer(String id, boolean binaryOutput, DataPlane.InferResult result) {
        ServedModel ran = result.model();
        float[] output = result.output();
        List<Long> shape = List.of((long) result.rows(), (long) ran.outputWidth());
        InferenceResponse.Output tensor = binaryOutput
                ? new InferenceResponse.Output(
                        ran.config().outputName(),
                        ModelConfig.DATATYPE,
                        shape,
                        Map.of(TensorDecoder.BINARY_SIZE, (long) output.length * Float.BYTES),
                        null)
                : new InferenceResponse.Output(ran.config().outputName(), ModelConfig.DATATYPE, shape, null, output);
        InferenceResponse answer = new InferenceResponse(ran.name(), Long.toString(ran.version()), id, List.of(tensor));
        return binaryOutput
                ? BinaryResponse.of(answer, output, json)
                : Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
