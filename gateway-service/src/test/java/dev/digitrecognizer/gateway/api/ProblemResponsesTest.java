package dev.digitrecognizer.gateway.api;

import static dev.digitrecognizer.gateway.api.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.containsString;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.PngFiles;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every bad input gets an RFC 9457 problem with a clear detail, never a 500 or a stack trace. */
@QuarkusTest
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
class ProblemResponsesTest {

    private static RequestSpecification json(Object body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void dataThatIsNotAnImage() {
        assertProblem(
                json(Map.of("image", base64("just some text".getBytes(StandardCharsets.UTF_8)))),
                400,
                "not-an-image",
                "not an image");
    }

    @Test
    void aStringThatIsNotBase64() {
        assertProblem(
                json(Map.of("image", "data:image/png;base64,%%%not base64!!")),
                400,
                "not-an-image",
                "not valid base64");
    }

    @Test
    void aMissingImage() {
        assertProblem(json(Map.of("model", "cnn")), 400, "not-an-image", "no image");
    }

    @Test
    void aTruncatedPng() {
        byte[] png = Images.encode(Drawings.bar(), "png");
        assertProblem(
                json(Map.of("image", base64(Arrays.copyOf(png, png.length / 2)))),
                400,
                "corrupt-image",
                "corrupt or truncated");
    }

    @Test
    void aTruncatedJpeg() {
        BufferedImage rgb = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        byte[] jpeg = Images.encode(rgb, "jpeg");
        assertProblem(
                json(Map.of("image", base64(Arrays.copyOf(jpeg, jpeg.length / 2)))),
                400,
                "corrupt-image",
                "corrupt or truncated");
    }

    @Test
    void unsupportedFormats() {
        BufferedImage rgb = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        assertProblem(
                json(Map.of("image", base64(Images.encode(rgb, "gif")))),
                415,
                "unsupported-format",
                "GIF images are not supported");
        assertProblem(
                json(Map.of("image", base64(Images.encode(rgb, "bmp")))),
                415,
                "unsupported-format",
                "BMP images are not supported");
        assertProblem(
                json(Map.of(
                        "image",
                        base64("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".getBytes(StandardCharsets.UTF_8)))),
                415,
                "unsupported-format",
                "SVG images are not supported");
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII);
        assertProblem(json(Map.of("image", base64(webp))), 415, "unsupported-format", "WebP images are not supported");
    }

    @Test
    void malformedJson() {
        assertProblem(
                given().contentType(ContentType.JSON).body("{\"image\": "), 400, "malformed-json", "not valid JSON");
    }

    @Test
    void anUnsupportedContentType() {
        assertProblem(given().contentType("text/plain").body("seven"), 415, "unsupported-media-type", "Send JSON");
    }

    @Test
    void aBodyOverTheSizeLimit() {
        byte[] body = new byte[8 * 1024 * 1024];
        assertProblem(given().contentType("image/png").body(body), 413, "too-large", "request body is over");
    }

    @Test
    void anImageOverTheSizeLimit() {
        byte[] png = Arrays.copyOf(Images.encode(Drawings.bar(), "png"), 6 * 1024 * 1024);
        assertProblem(given().contentType("image/png").body(png), 413, "too-large", "larger than 5242880 bytes");
    }

    @Test
    void hugeDimensionsAreRejectedBeforeDecoding() {
        assertProblem(
                given().contentType("image/png").body(PngFiles.declaring(60_000, 60_000)),
                422,
                "too-many-pixels",
                "60000x60000");
    }

    @Test
    void anEmptyCanvas() {
        BufferedImage empty = new BufferedImage(280, 280, BufferedImage.TYPE_INT_ARGB);
        assertProblem(json(Map.of("image", Images.dataUrl(empty))), 422, "empty-canvas", "draw a digit");
    }

    @Test
    void aBlankWhitePage() {
        BufferedImage white = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = white.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 280, 280);
        g.dispose();
        assertProblem(
                given().contentType("image/png").body(Images.encode(white, "png")), 422, "empty-canvas", "no ink");
    }

    @Test
    void anUnknownModel() {
        assertProblem(
                json(Map.of("image", Images.dataUrl(Drawings.bar()), "model", "resnet")),
                404,
                "unknown-model",
                "There is no model 'resnet'. Choose one of cnn, mlp, scratch or all.");
    }

    @Test
    void errorsAreCountedByReason() {
        json(Map.of("image", Images.dataUrl(new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB))))
                .post("/api/v1/predict")
                .then()
                .statusCode(422);
        when().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("gateway_errors_total{reason=\"empty_canvas\"}"));
    }
}
