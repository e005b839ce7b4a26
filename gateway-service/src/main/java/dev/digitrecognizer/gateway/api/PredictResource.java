package dev.digitrecognizer.gateway.api;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.feedback.FeedbackService;
import dev.digitrecognizer.gateway.prediction.Answer;
import dev.digitrecognizer.gateway.prediction.PredictionService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
    private final PredictionService predictions;
    private final ImageRequests requests;
    private final GatewayConfig config;
    private final FeedbackService feedback;

    PredictResource(
            PredictionService predictions, ImageRequests requests, GatewayConfig config, FeedbackService feedback) {
        this.predictions = predictions;
        this.requests = requests;
        this.config = config;
        this.feedback = feedback;
    }

    @POST
    @Path("predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Predict the digit in a base64 image; model cnn, mlp, scratch or all",
            description = "Every answer carries \"verdict\": \"digit\", or \"not-a-digit\" when the drawing is"
                    + " a letter, a symbol, a shape or a doodle: a normal 200, with the model's digit and"
                    + " probabilities as they are. A blank image is still 422 empty-canvas.")
    public Uni<PredictResponse> predict(PredictRequest request) {
        return answer(requests.image(request), request.model());
    }

    @POST
    @Path("predict")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Predict the digit in an uploaded image file (field image)")
    @Blocking
    public Uni<PredictResponse> predictUpload(
            @RestForm("image") List<FileUpload> images, @RestForm("model") String model) {
        return answer(requests.image(images), model);
    }

    @POST
    @Path("predict")
    @Consumes({ImageRequests.PNG, ImageRequests.JPEG})
    @Operation(summary = "Predict the digit in a raw PNG or JPEG body")
    public Uni<PredictResponse> predictRaw(byte[] image, @RestQuery("model") String model) {
        return answer(image, model);
    }

    @POST
    @Path("compare")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every model's answer for one base64 image, preprocessed once")
    public Uni<CompareResponse> compare(PredictRequest request) {
        return predictions.predict(requests.image(request), config.models()).map(this::compared);
    }

    @POST
    @Path("compare")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Every model's answer for one uploaded image file (field image)")
    @Blocking
    public Uni<CompareResponse> compareUpload(@RestForm("image") List<FileUpload> images) {
        return predictions.predict(requests.image(images), config.models()).map(this::compared);
    }

    @POST
    @Path("compare")
    @Consumes({ImageRequests.PNG, ImageRequests.JPEG})
    @Operation(summary = "Every model's answer for a raw PNG or JPEG body")
    public Uni<CompareResponse> compareRaw(byte[] image) {
        return predictions.predict(image, config.models()).map(this::compared);
    }

    private Uni<PredictResponse> answer(byte[] image, String model) {
        String name = requests.model(model);
        if (name.equals(ImageRequests.ALL)) {
            return predictions.predict(image, config.models()).<PredictResponse>map(this::compared);
        }
        return predictions
                .predict(image, List.of(name))
                .<PredictResponse>map(answer -> PredictionResponse.of(answer, feedback.id(answer)));
    }

    private CompareResponse compared(Answer answer) {
        return CompareResponse.of(answer, feedback.id(answer));
    }
}
