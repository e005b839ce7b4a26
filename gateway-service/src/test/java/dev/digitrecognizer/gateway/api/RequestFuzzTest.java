package dev.digitrecognizer.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.Mutations;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Damaged request bodies over real HTTP: a valid JSON or multipart predict request with bytes
 * flipped, runs overwritten, cut short, doubled, or brackets and quotes inserted. Every answer is
 * a 2xx or a 4xx problem with a sentence: never a 5xx, never an empty body, never a hang (each
 * request has a deadline). Seeded, so a failure names its mutant.
 */
@QuarkusTest
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
class RequestFuzzTest {
    private static final int MUTANTS = 1_000;
    private static final String BOUNDARY = "fuzz-boundary";
    private static final byte[] SPECIAL = "{}[]\",:\\\r\n-0e".getBytes(StandardCharsets.US_ASCII);
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void damagedJsonBodiesGetAProblemNeverAServerError() throws Exception {
        String valid = "{\"image\": \"" + Images.dataUrl(Drawings.bar()) + "\", \"model\": \"cnn\"}";
        fuzz("application/json", valid.getBytes(StandardCharsets.UTF_8), new SplittableRandom(11));
    }

    @Test
    void damagedMultipartBodiesGetAProblemNeverAServerError() throws Exception {
        byte[] png = Images.encode(Drawings.bar(), "png");
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ncnn\r\n--"
                        + BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] valid = new byte[head.length + png.length + tail.length];
        System.arraycopy(head, 0, valid, 0, head.length);
        System.arraycopy(png, 0, valid, head.length, png.length);
        System.arraycopy(tail, 0, valid, head.length + png.length, tail.length);
        fuzz("multipart/form-data; boundary=" + BOUNDARY, valid, new SplittableRandom(12));
    }

    private void fuzz(String contentType, byte[] valid, SplittableRandom random) throws Exception {
        URI predict = URI.create("http://localhost:" + RestAssured.port + "/api/v1/predict");
        int answered = 0;
        for (int n = 0; n < MUTANTS; n++) {
            byte[] body = Mutations.damage(valid, SPECIAL, random);
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(predict)
                            .header("Content-Type", contentType)
                            .timeout(Duration.ofSeconds(20))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            String mutant = "mutant " + n + ": " + status + " " + response.body();
            assertTrue(status < 500, mutant);
            if (status >= 400) {
                assertEquals(
                        "application/problem+json",
                        response.headers().firstValue("Content-Type").orElse(""),
                        mutant);
                assertTrue(response.body().contains("\"detail\""), mutant);
            } else {
                answered++;
            }
        }
        assertTrue(answered > 0, "some mutants still are valid requests, so the happy path was exercised too");
    }
}
