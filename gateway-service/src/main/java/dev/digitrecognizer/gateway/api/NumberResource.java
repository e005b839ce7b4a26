package dev.digitrecognizer.gateway.api;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.feedback.FeedbackService;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Reads a whole number drawn as several digits, from the same bodies {@code /predict} takes: the
 * digits are found, framed as MNIST one by one and sent to the model in one request. JSON and raw
 * bodies are answered on the event loop; an upload is read on a worker thread.
 */
@Path("/api/v1/number")
@Produces(MediaType.APPLICATION_JSON)
public class NumberResource {
    private static final String DIGITS_FOUND =
            "The answer's id, which feedback brings back, the number read (\"?\" for a mark that is not a digit), its verdict (\"number\" or \"not-a-number\"),"
                    + " the confidence (the product of its digits'), and each mark left to right with its verdict, its box"
                    + " in the image, the 28x28 input the model saw and its probabilities; with model=all,"
                    + " {\"id\", \"predictions\": [one reading per model], \"timings\"}";

    private final PredictionService predictions;
    private final ImageRequests requests;
    private final GatewayConfig config;
    private final FeedbackService feedback;

    NumberResource(
            PredictionService predictions, ImageRequests requests, GatewayConfig config, FeedbackService feedback) {
        this.predictions = predictions;
        this.requests = requests;
        this.config = config;
        this.feedback = feedback;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Read the number drawn in a base64 image; model cnn, mlp, scratch or all",
            description = "422 empty-canvas when there is no ink, too-many-digits past gateway.number.max-digits,"
                    + " digits-touch when digits touch or overlap so they cannot be told apart; the image errors"
                    + " of /predict as they are.")
    @APIResponse(
            responseCode = "200",
            description = DIGITS_FOUND,
            content = @Content(schema = @Schema(implementation = NumberResponse.class)))
    public Uni<NumberResponse> read(PredictRequest request) {
        return answer(requests.image(request), request.model());
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Read the number drawn in an uploaded image file (field image)")
    @APIResponse(
            responseCode = "200",
            description = DIGITS_FOUND,
            content = @Content(schema = @Schema(implementation = NumberResponse.class)))
    @Blocking
    public Uni<NumberResponse> readUpload(@RestForm("image") List<FileUpload> images, @RestForm("model") String model) {
        return answer(requests.image(images), model);
    }

    @POST
    @Consumes({ImageRequests.PNG, ImageRequests.JPEG})
    @Operation(summary = "Read the number drawn in a raw PNG or JPEG body")
    @APIResponse(
            responseCode = "200",
            description = DIGITS_FOUND,
            content = @Content(schema = @Schema(implementation = NumberResponse.class)))
    public Uni<NumberResponse> readRaw(byte[] image, @RestQuery("model") String model) {
        return answer(image, model);
    }

    private Uni<NumberResponse> answer(byte[] image, String model) {
        String name = requests.model(model);
        if (name.equals(ImageRequests.ALL)) {
            return predictions
                    .readNumber(image, config.models())
                    .<NumberResponse>map(answer -> NumberCompareResponse.of(answer, feedback.id(answer)));
        }
        return predictions
                .readNumber(image, List.of(name))
                .<NumberResponse>map(answer -> NumberReadingResponse.of(answer, feedback.id(answer)));
    }
}
