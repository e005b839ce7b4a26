package dev.digitrecognizer.gateway.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.NumberRenderer;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import dev.digitrecognizer.mnist.Mnist;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.SplittableRandom;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * With {@code gateway.inference.transport=grpc}, the default, every infer call goes over the inference service's
 * gRPC API, one call per model with all of a request's rows: its own count of ModelInfer calls says so.
 */
@QuarkusTest
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
class GrpcTransportTest {
    private static final Mnist TEST = Mnist.testSplit();

    @Test
    void everyModelIsAskedOverGrpc() {
        String seven = Images.dataUrl(
                CanvasRenderer.render(TEST.image(0), CanvasRenderer.Style.SCALED_GLYPH, new SplittableRandom(1)));
        double before = modelInferCalls();
        for (String model : ServedModels.names()) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("image", seven, "model", model))
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(200)
                    .body("digit", equalTo(7));
        }
        assertEquals(before + ServedModels.names().size(), modelInferCalls());
    }

    @Test
    void theDigitsOfANumberGoInOneCall() {
        int[] digits = {1, 2, 0}; // test images 1, 2 and 0 are a 2, a 1 and a 7
        String number = Images.dataUrl(
                NumberRenderer.render(TEST, digits, CanvasRenderer.Style.SCALED_GLYPH, 840, new SplittableRandom(3))
                        .canvas());
        double before = modelInferCalls();
        given().contentType(ContentType.JSON)
                .body(Map.of("image", number, "model", "cnn"))
                .post("/api/v1/number")
                .then()
                .statusCode(200)
                .body("number", equalTo("217"));
        assertEquals(before + 1, modelInferCalls());
    }

    /** The inference service's own gRPC server metric: ModelInfer calls answered OK. */
    private static double modelInferCalls() {
        String url = ConfigProvider.getConfig().getValue("quarkus.rest-client.inference.url", String.class);
        return given().get(url + "/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith("grpc_server_processing_duration_seconds_count{")
                        && line.contains("method=\"ModelInfer\"")
                        && line.contains("statusCode=\"OK\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
