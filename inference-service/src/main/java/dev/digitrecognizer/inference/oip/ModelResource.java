package dev.digitrecognizer.inference.oip;

import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.model.ModelRegistry;
import dev.digitrecognizer.inference.model.ServedModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

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

    ModelResource(ModelRegistry registry, InferenceConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.config = config;
        this.meters = meters;
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
        ServedModel model = served(name);
        Timer.Sample sample = Timer.start(meters);
        TensorDecoder.Rows rows = TensorDecoder.decode(request, model, config.maxRowsPerRequest());
        float[] output;
        try {
            output = registry.infer(model, rows.data(), rows.count()).join();
        } catch (CompletionException e) {
            throw new OipException(500, "inference failed: " + e.getCause().getMessage());
        }
        sample.stop(Timer.builder("inference.request").description("One infer request, queue and compute")
                .tag("model", name).publishPercentileHistogram().register(meters));
        return new InferResponse(model.name(), ServedModel.VERSION, request.id(), List.of(new InferResponse.Output(
                model.config().outputName(), FP32, List.of((long) rows.count(), (long) model.outputWidth()), output)));
    }

    @POST
    @Path("versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    public InferResponse versionInfer(@PathParam("name") String name, @PathParam("version") String version,
                                      InferRequest request) {
        checkVersion(name, version);
        return infer(name, request);
    }

    private ServedModel served(String name) {
        return registry.model(name).orElseThrow(() -> switch (registry.state(name)) {
            case LOADING -> new OipException(503, "model '" + name + "' is still loading");
            case UNAVAILABLE -> new OipException(503, "model '" + name + "' failed to load: " + registry.failures().get(name));
            default -> new OipException(404, "unknown model '" + name + "'");
        });
    }

    private void checkVersion(String name, String version) {
        served(name);
        if (!ServedModel.VERSION.equals(version)) {
            throw new OipException(404, "model '" + name + "' has no version '" + version + "'");
        }
    }
}
