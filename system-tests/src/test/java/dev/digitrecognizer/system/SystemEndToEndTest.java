package dev.digitrecognizer.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.ServedModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Both services really running, started by run.sh, nothing mocked. */
@ExtendWith(RunningSystem.class)
class SystemEndToEndTest {

    @Test
    void servesTheDrawingPage() {
        Api.Reply page = Api.get(RunningSystem.get().url() + "/");
        assertEquals(200, page.status());
        assertTrue(page.raw().body().contains("<canvas"), "the page has a drawing canvas");
    }

    @Test
    void predictsDrawnDigitsThroughBothServices() {
        int correct = 0;
        int digits = 20;
        for (int index = 0; index < digits; index++) {
            Api.Reply reply = Api.post(
                    RunningSystem.get().url() + "/api/v1/predict", Map.of("image", Api.canvas(index), "model", "mlp"));
            assertEquals(200, reply.status(), () -> reply.raw().body());
            assertEquals("mlp", reply.body().get("model").asText());
            if (reply.body().get("digit").asInt() == Api.mnist().labels()[index]) {
                correct++;
            }
        }
        assertTrue(correct >= 19, correct + " of " + digits + " digits right");
    }

    @Test
    void comparesEveryServedModel() {
        Api.Reply reply = Api.post(RunningSystem.get().url() + "/api/v1/compare", Map.of("image", Api.canvas(0)));
        assertEquals(200, reply.status(), () -> reply.raw().body());
        List<String> models = new ArrayList<>();
        reply.body()
                .get("predictions")
                .forEach(prediction -> models.add(prediction.get("model").asText()));
        assertEquals(ServedModels.digitModels(), models);
    }

    @Test
    void explainsAnEmptyCanvasAsAProblem() {
        Api.Reply reply = Api.post(
                RunningSystem.get().url() + "/api/v1/predict",
                Map.of(
                        "image",
                        dev.digitrecognizer.fixtures.Images.dataUrl(new java.awt.image.BufferedImage(
                                280, 280, java.awt.image.BufferedImage.TYPE_INT_ARGB))));
        assertEquals(422, reply.status());
        assertEquals("application/problem+json", reply.contentType());
    }

    @Test
    void theInferenceServiceSpeaksTheOpenInferenceProtocol() {
        assertEquals(200, RunningSystem.status(RunningSystem.get().inferenceUrl() + "/v2/health/ready"));
        Api.Reply metadata = Api.get(RunningSystem.get().inferenceUrl() + "/v2/models/cnn");
        assertEquals("onnxruntime_onnx", metadata.body().get("platform").asText());
    }
}
