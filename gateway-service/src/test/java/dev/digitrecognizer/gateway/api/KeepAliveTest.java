package dev.digitrecognizer.gateway.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import dev.digitrecognizer.mnist.Mnist;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The gateway keeps its connections to the inference service open between requests. Read from
 * the kernel's socket table: a connection per request would leave one closed socket (TIME_WAIT)
 * per request behind.
 */
@QuarkusTest
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
@TestProfile(KeepAliveTest.OverHttp.class)
class KeepAliveTest {
    /** The HTTP transport's pool is what this checks; gRPC multiplexes one connection anyway. */
    public static class OverHttp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.inference.transport", "http");
        }
    }

    private static final String TIME_WAIT = "06";
    private static final int REQUESTS = 30;

    @ConfigProperty(name = "quarkus.rest-client.inference.url")
    String inferenceUrl;

    @Test
    void predictionsReuseTheConnectionsToTheInferenceService() throws IOException {
        int port = URI.create(inferenceUrl).getPort();
        String image = Images.dataUrl(CanvasRenderer.render(
                Mnist.testSplit().image(0), CanvasRenderer.Style.SCALED_GLYPH, new SplittableRandom(3)));
        predict(image);
        Set<String> closedBefore = closedConnections(port);
        for (int i = 0; i < REQUESTS; i++) {
            predict(image);
        }
        Set<String> closed = closedConnections(port);
        closed.removeAll(closedBefore);
        assertTrue(
                closed.size() < 5,
                REQUESTS + " predictions closed " + closed.size() + " connections to the inference service");
    }

    private static void predict(String image) {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", image))
                .when()
                .post("/api/v1/predict")
                .then()
                .statusCode(200);
    }

    /** Sockets in TIME_WAIT with the port at either end, as "local remote" address pairs. */
    private static Set<String> closedConnections(int port) throws IOException {
        String hexPort = String.format(":%04X", port);
        Set<String> closed = new HashSet<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3
                        && fields[3].equals(TIME_WAIT)
                        && (fields[1].endsWith(hexPort) || fields[2].endsWith(hexPort))) {
                    closed.add(fields[1] + " " + fields[2]);
                }
            }
        }
        return closed;
    }
}
