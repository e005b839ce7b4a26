package dev.digitrecognizer.gateway.api;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.preprocessing.Base64Image;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * What {@code /predict}, {@code /compare} and {@code /number} read from a request alike: the
 * image's bytes, from JSON (base64 or a data URL, decoded here, where the bytes are first needed)
 * or from an upload, and the model the request names. The resources all ask here, never each other.
 */
@ApplicationScoped
class ImageRequests {
    static final String ALL = "all";
    static final String PNG = "image/png";
    static final String JPEG = "image/jpeg";

    private final GatewayConfig config;

    ImageRequests(GatewayConfig config) {
        this.config = config;
    }

    /** The model a request names: the default when it names none, {@value #ALL}, or one of the offered models. */
    String model(String model) {
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

    /** The bytes of a JSON request's image. */
    byte[] image(PredictRequest request) {
        if (request == null) {
            throw new ProblemException(
                    Problem.of(400, "bad-request", "Bad request", "Send a JSON object with an \"image\" field."));
        }
        return Base64Image.bytes(request.image(), config.maxImageBytes());
    }

    /** The bytes of the one file uploaded in the field {@code image}. */
    byte[] image(List<FileUpload> uploads) {
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
