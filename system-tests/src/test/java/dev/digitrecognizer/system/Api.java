package dev.digitrecognizer.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.mnist.Mnist;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

/** Calls the public API the way the page does: a canvas PNG as a data URL in JSON. */
public final class Api {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Api() {}

    public static Mnist mnist() {
        return Mnist.testSplit();
    }

    /** MNIST test image {@code index} drawn on a 280x280 transparent canvas, as a data URL. */
    public static String canvas(int index) {
        return Images.dataUrl(CanvasRenderer.render(
                mnist().image(index), CanvasRenderer.Style.SCALED_GLYPH, new SplittableRandom(index)));
    }

    public record Reply(int status, String contentType, JsonNode body, HttpResponse<String> raw) {}

    public static Reply post(String url, Map<String, Object> body) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return reply(response);
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Reply get(String url) {
        try {
            return reply(HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Reply reply(HttpResponse<String> response) throws IOException {
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode body = type.contains("json") ? JSON.readTree(response.body()) : null;
        return new Reply(response.statusCode(), type, body, response);
    }
}
