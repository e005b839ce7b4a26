package dev.digitrecognizer.inference.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.model.ModelConfig;
import dev.digitrecognizer.inference.model.ModelRegistry;
import dev.digitrecognizer.inference.model.ServedModel;
import dev.digitrecognizer.inference.oip.OipErrors.InferenceFailed;
import dev.digitrecognizer.inference.oip.OipErrors.ModelNotFound;
import dev.digitrecognizer.inference.oip.OipErrors.ModelNotReady;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Per-model endpoints of the Open Inference Protocol, reached through {@link ModelResource} with
 * or without {@code /versions/{version}}; {@code version} is null on the path without it.
 */
@Singleton
@Produces(MediaType.APPLICATION_JSON)
public class ModelEndpoints {
    private final ModelRegistry registry;
    private final InferenceConfig config;
    private final MeterRegistry meters;
    private final ObjectMapper json;

    ModelEndpoints(ModelRegistry registry, InferenceConfig config, MeterRegistry meters, ObjectMapper json) {
        this.registry = registry;
        this.config = config;
        this.meters = meters;
        this.json = json;
    }

    @GET
    public ModelMetadata metadata(@PathParam("name") String name, @PathParam("version") String version) {
        ServedModel model = served(name, version);
        return new ModelMetadata(
                model.name(),
                List.of(ServedModel.VERSION),
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
        served(name, version);
        return Map.of("name", name, "ready", true);
    }

    @POST
    @Path("infer")
    @Consumes(MediaType.APPLICATION_JSON)
    public InferResponse infer(
            @PathParam("name") String name, @PathParam("version") String version, InferRequest request) {
        return infer(served(name, version), request, null);
    }

    @POST
    @Path("infer")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Infer with the binary tensor extension: a JSON header, then raw FP32 input data")
    public InferResponse inferBinary(
            @PathParam("name") String name,
            @PathParam("version") String version,
            @HeaderParam(BinaryRequest.HEADER_LENGTH) String headerLength,
            byte[] body) {
        ServedModel model = served(name, version);
        BinaryRequest request = BinaryRequest.parse(body, headerLength, json);
        return infer(model, request.header(), request.data());
    }

    private InferResponse infer(ServedModel model, InferRequest request, ByteBuffer binary) {
        Timer.Sample sample = Timer.start(meters);
        TensorDecoder.Rows rows = TensorDecoder.decode(request, binary, model, config.maxRowsPerRequest());
        float[] output;
        try {
            output = registry.infer(model, rows.data(), rows.count()).join();
        } catch (CompletionException e) {
            throw new InferenceFailed(
                    "ONNX Runtime failed to run model '" + model.name() + "' on this request", e.getCause());
        }
        sample.stop(Timer.builder("inference.request")
                .description("One infer request, queue and compute")
                .tag("model", model.name())
                .publishPercentileHistogram()
                .register(meters));
        return new InferResponse(
                model.name(),
                ServedModel.VERSION,
                request.id(),
                List.of(new InferResponse.Output(
                        model.config().outputName(),
                        ModelConfig.DATATYPE,
                        List.of((long) rows.count(), (long) model.outputWidth()),
                        output)));
    }

    /** The model, if it is served; and if the path names a version, that it is the one served. */
    private ServedModel served(String name, String version) {
        ServedModel model = registry.model(name).orElseThrow(() -> switch (registry.state(name)) {
            case LOADING -> new ModelNotReady("model '" + name + "' is still loading");
            case UNAVAILABLE ->
                new ModelNotReady("model '" + name + "' failed to load: "
                        + registry.failures().get(name));
            default -> new ModelNotFound("unknown model '" + name + "'");
        });
        if (version != null && !ServedModel.VERSION.equals(version)) {
            throw new ModelNotFound("model '" + name + "' has no version '" + version + "'");
        }
        return model;
    }
}
