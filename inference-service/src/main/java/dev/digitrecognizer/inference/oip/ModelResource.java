package dev.digitrecognizer.inference.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.model.ModelRegistry;
import dev.digitrecognizer.inference.model.ServedModel;
import dev.digitrecognizer.inference.oip.OipErrors.InferenceFailed;
import dev.digitrecognizer.inference.oip.OipErrors.ModelNotFound;
import dev.digitrecognizer.inference.oip.OipErrors.ModelNotReady;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** Per-model endpoints of the Open Inference Protocol, with and without {@code /versions/{v}}. */
@Path("/v2/models/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
    private static final String FP32 = "FP32";

    private final ModelRegistry registry;
    private final InferenceConfig config;
    private final MeterRegistry meters;
    private final ObjectMapper json;

    ModelResource(ModelRegistry registry, InferenceConfig config, MeterRegistry meters, ObjectMapper json) {
        this.registry = registry;
        this.config = config;
        this.meters = meters;
        this.json = json;
    }

    @GET
    public ModelMetadata metadata(@PathParam("name") String name) {
        ServedModel model = served(name);
        return new ModelMetadata(model.name(), List.of(ServedModel.VERSION), model.config().platform(),
                List.of(new ModelMetadata.Tensor(model.config().inputName(), FP32, model.config().inputShape())),
                List.of(new ModelMetadata.Tensor(model.config().outputName(), FP32, model.config().outputShape())),
                model.card());
    }

    @GET
    @Path("versions/{version}")
    public ModelMetadata versionMetadata(@PathParam("name") String name, @PathParam("version") String version) {
        checkVersion(name, version);
        return metadata(name);
    }

    @GET
    @Path("ready")
    public Map<String, Object> ready(@PathParam("name") String name) {
        served(name);
        return Map.of("name", name, "ready", true);
    }

    @GET
    @Path("versions/{version}/ready")
    public Map<String, Object> versionReady(@PathParam("name") String name, @PathParam("version") String version) {
        checkVersion(name, version);
        return ready(name);
    }

    @POST
    @Path("infer")
    @Consumes(MediaType.APPLICATION_JSON)
    public InferResponse infer(@PathParam("name") String name, InferRequest request) {
        return infer(name, request, null);
    }

    @POST
    @Path("versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    public InferResponse versionInfer(@PathParam("name") String name, @PathParam("version") String version,
                                      InferRequest request) {
        checkVersion(name, version);
        return infer(name, request, null);
    }

    @POST
    @Path("infer")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Infer with the binary tensor extension: a JSON header, then raw FP32 input data")
    public InferResponse inferBinary(@PathParam("name") String name,
                                     @HeaderParam(BinaryRequest.HEADER_LENGTH) String headerLength, byte[] body) {
        BinaryRequest request = BinaryRequest.parse(body, headerLength, json);
        return infer(name, request.header(), request.data());
    }

    @POST
    @Path("versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Infer with the binary tensor extension: a JSON header, then raw FP32 input data")
    public InferResponse versionInferBinary(@PathParam("name") String name, @PathParam("version") String version,
                                            @HeaderParam(BinaryRequest.HEADER_LENGTH) String headerLength,
                                            byte[] body) {
        checkVersion(name, version);
        return inferBinary(name, headerLength, body);
    }

    private InferResponse infer(String name, InferRequest request, ByteBuffer binary) {
        ServedModel model = served(name);
        Timer.Sample sample = Timer.start(meters);
        TensorDecoder.Rows rows = TensorDecoder.decode(request, binary, model, config.maxRowsPerRequest());
        float[] output;
        try {
            output = registry.infer(model, rows.data(), rows.count()).join();
        } catch (CompletionException e) {
            throw new InferenceFailed("inference failed: " + e.getCause().getMessage());
        }
        sample.stop(Timer.builder("inference.request").description("One infer request, queue and compute")
                .tag("model", name).publishPercentileHistogram().register(meters));
        return new InferResponse(model.name(), ServedModel.VERSION, request.id(), List.of(new InferResponse.Output(
                model.config().outputName(), FP32, List.of((long) rows.count(), (long) model.outputWidth()), output)));
    }

    private ServedModel served(String name) {
        return registry.model(name).orElseThrow(() -> switch (registry.state(name)) {
            case LOADING -> new ModelNotReady( "model '" + name + "' is still loading");
            case UNAVAILABLE -> new ModelNotReady( "model '" + name + "' failed to load: " + registry.failures().get(name));
            default -> new ModelNotFound( "unknown model '" + name + "'");
        });
    }

    private void checkVersion(String name, String version) {
        served(name);
        if (!ServedModel.VERSION.equals(version)) {
            throw new ModelNotFound("model '" + name + "' has no version '" + version + "'");
        }
    }
}
