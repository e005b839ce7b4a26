package dev.digitrecognizer.gateway.api;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.prediction.PredictionService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Predicts the digit in an image sent as JSON, as a multipart upload or as a raw PNG or JPEG body.
 * JSON and raw bodies, already read on the event loop, are answered there without blocking; an
 * upload is read from its temporary file on a worker thread.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PredictResource {
    static final String ALL = "all";
    private static final String PNG = "image/png";
    private static final String JPEG = "image/jpeg";

    private final PredictionService predictions;
    private final GatewayConfig config;

    PredictResource(PredictionService predictions, GatewayConfig config) {
        this.predictions = predictions;
        this.config = config;
    }

    @POST
    @Path("predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict the digit in a base64 image; model cnn, mlp, scratch or all")
    public Uni<PredictResponse> predict(PredictRequest request) {
        return answer(imageOf(request, predictions), request.model());
    }

    @POST
    @Path("predict")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Predict the digit in an uploaded image file (field image)")
    @Blocking
    public Uni<PredictResponse> predictUpload(
            @RestForm("image") List<FileUpload> images, @RestForm("model") String model) {
        return answer(read(images), model);
    }

    @POST
    @Path("predict")
    @Consumes({PNG, JPEG})
    @Operation(summary = "Predict the digit in a raw PNG or JPEG body")
    public Uni<PredictResponse> predictRaw(byte[] image, @RestQuery("model") String model) {
        return answer(image, model);
    }

    @POST
    @Path("compare")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every model's answer for one base64 image, preprocessed once")
    public Uni<CompareResponse> compare(PredictRequest request) {
        return predictions
                .predict(imageOf(request, predictions), config.models())
                .map(CompareResponse::of);
    }

    @POST
    @Path("compare")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Every model's answer for one uploaded image file (field image)")
    @Blocking
    public Uni<CompareResponse> compareUpload(@RestForm("image") List<FileUpload> images) {
        return predictions.predict(read(images), config.models()).map(CompareResponse::of);
    }

    @POST
    @Path("compare")
    @Consumes({PNG, JPEG})
    @Operation(summary = "Every model's answer for a raw PNG or JPEG body")
    public Uni<CompareResponse> compareRaw(byte[] image) {
        return predictions.predict(image, config.models()).map(CompareResponse::of);
    }

    private Uni<PredictResponse> answer(byte[] image, String model) {
        String name = modelName(model, config);
        if (name.equals(ALL)) {
            return predictions.predict(image, config.models()).<PredictResponse>map(CompareResponse::of);
        }
        return predictions.predict(image, List.of(name)).<PredictResponse>map(PredictionResponse::of);
    }

    /** The model a request names: the default when it names none, {@value #ALL}, or one of the offered models. */
    static String modelName(String model, GatewayConfig config) {
        String name = model == null || model.isBlank() ? config.defaultModel() : model;
        if (!name.equals(ALL) && !config.models().contains(name)) {
            throw new ProblemException(Problem.of(
                    404,
                    "unknown-model",
                    "Unknown model",
                    "There is no model '" + name + "'. Choose one of " + String.join(", ", config.models())
                            + " or all."));
        }
        return name;
    }

    static byte[] imageOf(PredictRequest request, PredictionService predictions) {
        if (request == null) {
            throw new ProblemException(
                    Problem.of(400, "bad-request", "Bad request", "Send a JSON object with an \"image\" field."));
        }
        return predictions.fromBase64(request.image());
    }

    static byte[] read(List<FileUpload> uploads) {
        // A part without a filename is a plain form field, not a file: it has nothing uploaded.
        if (uploads == null || uploads.isEmpty() || uploads.get(0).uploadedFile() == null) {
            throw new ProblemException(Problem.of(
                    400, "bad-request", "Bad request", "Upload the image as a file in a form field named \"image\"."));
        }
        if (uploads.size() > 1) {
            throw new ProblemException(Problem.of(
                    400,
                    "bad-request",
                    "Bad request",
                    "The upload has " + uploads.size() + " files in the field \"image\"; send one image."));
        }
        try {
            return Files.readAllBytes(uploads.get(0).uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
