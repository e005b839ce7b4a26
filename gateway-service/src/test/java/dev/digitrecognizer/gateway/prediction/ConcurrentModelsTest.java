package dev.digitrecognizer.gateway.prediction;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.gateway.FakeInferenceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * /compare asks every model at once: an inference service that answers only once all three
 * requests are in flight together answers them all, where one model after another would leave the
 * first waiting until the service gives up on it.
 */
@QuarkusTest
@QuarkusTestResource(value = ConcurrentModelsTest.AllAtOnce.class, restrictToAnnotatedClass = true)
class ConcurrentModelsTest {
    private static final String[] MODELS = {"cnn", "mlp", "scratch"};
    /** The models and the detector, which the gateway asks beside them. */
    private static final int ASKED = MODELS.length + 1;

    /** Holds each infer until all the infers have arrived; 10 s is a hang guard, answered 500. */
    public static class AllAtOnce implements QuarkusTestResourceLifecycleManager {
        private HttpServer server;
        private CountDownLatch arrived = new CountDownLatch(ASKED);

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext(
                    "/v2/health/ready", exchange -> FakeInferenceResource.send(exchange, 200, "{\"ready\":true}"));
            server.createContext("/v2/models/", this::infer);
            server.start();
            return Map.of(
                    "gateway.inference.transport", // the fake speaks REST only
                    "http",
                    "quarkus.rest-client.inference.url",
                    "http://localhost:" + server.getAddress().getPort(),
                    "gateway.models",
                    String.join(",", MODELS));
        }

        private void infer(HttpExchange exchange) throws IOException {
            exchange.getRequestBody().readAllBytes();
            String model = exchange.getRequestURI().getPath().split("/")[3];
            CountDownLatch latch;
            synchronized (this) {
                latch = arrived;
                latch.countDown();
                if (latch.getCount() == 0) {
                    arrived = new CountDownLatch(ASKED);
                }
            }
            try {
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    FakeInferenceResource.send(exchange, 500, "{\"error\":\"the other models were never asked\"}");
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeInferenceResource.send(
                    exchange,
                    200,
                    "{\"model_name\":\"" + model + "\",\"outputs\":[{\"name\":\"probs\",\"shape\":[1,10],"
                            + "\"datatype\":\"FP32\",\"data\":[0.01,0.91,0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.01]}]}");
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }

    @Test
    void compareAsksEveryModelAtOnce() {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(Drawings.bar())))
                .when()
                .post("/api/v1/compare")
                .then()
                .statusCode(200)
                .body("predictions.model", contains(MODELS));
    }

    @Test
    void modelAllAsksEveryModelAtOnce() {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(Drawings.bar()), "model", "all"))
                .when()
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .body("predictions.model", contains(MODELS));
    }
}
