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
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * With {@code gateway.inference.transport=grpc}, the default, every infer call goes over the inference service's
 * gRPC API, one call per model with all of a request's rows, and requests made on one event loop while
 * its call is out share the next: its own count of ModelInfer calls says so.
 */
@QuarkusTest
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
class GrpcTransportTest {
    private static final Mnist TEST = Mnist.testSplit();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    GrpcTransport transport;

    @Inject
    Vertx vertx;

    @Test
    void everyModelIsAskedOverGrpc() {
        String seven = Images.dataUrl(
                CanvasRenderer.render(TEST.image(0), CanvasRenderer.Style.SCALED_GLYPH, new SplittableRandom(1)));
        double before = modelInferCalls();
        for (String model : ServedModels.digitModels()) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("image", seven, "model", model))
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(200)
                    .body("digit", equalTo(7));
        }
        // Each answer asks its model and the detector.
        assertEquals(before + 2 * ServedModels.digitModels().size(), modelInferCalls());
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
        assertEquals(before + 2, modelInferCalls(), "one call to the cnn and one to the detector");
    }

    @Test
    void requestsMadeOnOneLoopWhileACallIsOutShareTheNextCallAndGetTheirOwnAnswers() throws Exception {
        int count = 20;
        List<float[]> alone = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[][] row = {TEST.image(i)};
            alone.add(onLoop(() -> List.of(transport.infer("cnn", row, TIMEOUT).map(Inferred::values)))
                    .get(0)
                    .get(30, TimeUnit.SECONDS));
        }
        double before = modelInferCalls();
        List<CompletableFuture<float[]>> together = onLoop(() -> {
            List<Uni<float[]>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                calls.add(transport
                        .infer("cnn", new float[][] {TEST.image(i)}, TIMEOUT)
                        .map(Inferred::values));
            }
            return calls;
        });
        for (int i = 0; i < count; i++) {
            float[] answer = together.get(i).get(30, TimeUnit.SECONDS);
            assertEquals(alone.get(i).length, answer.length);
            for (int c = 0; c < answer.length; c++) {
                assertEquals(alone.get(i)[c], answer[c], 1e-5, "image " + i + ", class " + c);
            }
        }
        assertEquals(before + 2, modelInferCalls(), "the first request alone, then the 19 that waited for it");
    }

    /** Makes the calls on one event loop, subscribing to each there, as a request's handler does. */
    private List<CompletableFuture<float[]>> onLoop(Callable<List<Uni<float[]>>> calls) throws Exception {
        CompletableFuture<List<CompletableFuture<float[]>>> made = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> {
            try {
                made.complete(calls.call().stream()
                        .map(uni -> uni.subscribeAsCompletionStage().toCompletableFuture())
                        .toList());
            } catch (Exception e) {
                made.completeExceptionally(e);
            }
        });
        return made.get(30, TimeUnit.SECONDS);
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
