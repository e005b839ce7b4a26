package dev.digitrecognizer.gateway.api;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.ModelContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The public API against the real inference service and the committed models. */
@QuarkusTest
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
class PredictResourceTest {
    private static final Mnist TEST = Mnist.testSplit();
    private static final String[] MODELS = ServedModels.digitModels().toArray(String[]::new);
    /** Test image 0 is a 7. */
    private static final BufferedImage SEVEN =
            CanvasRenderer.render(TEST.image(0), CanvasRenderer.Style.SCALED_GLYPH, new SplittableRandom(1));

    @Test
    void predictsADrawnDigitWithTheDefaultModel() {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(SEVEN)))
                .when()
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .body("model", equalTo("cnn"))
                .body("digit", equalTo(7))
                .body("verdict", equalTo("digit"))
                .body("confidence", greaterThan(0.5f))
                .body("probabilities", hasSize(ModelContract.CLASSES))
                .body("input", startsWith("data:image/png;base64,"))
                .body("timings", hasKey("preprocessMs"))
                .body("timings", hasKey("inferenceMs"))
                .body("timings", hasKey("totalMs"));
    }

    @Test
    void aStarIsNotADigitButStillAnAnswerWithTheModelsProbabilities() {
        BufferedImage star = new BufferedImage(280, 280, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = star.createGraphics();
        Drawings.star(g, 140, 150, 110, 45);
        g.dispose();
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(star), "model", "all"))
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .body("predictions.verdict", everyItem(equalTo("not-a-digit")))
                .body("predictions.probabilities", everyItem(hasSize(ModelContract.CLASSES)));
        String metrics = when().get("/q/metrics").then().extract().asString();
        org.hamcrest.MatcherAssert.assertThat(
                metrics, containsString("gateway_predictions_total{digit=\"none\",model=\"mlp\"}"));
    }

    @Test
    void probabilitiesSumToOne() {
        List<Float> probabilities = given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(SEVEN), "model", "mlp"))
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("probabilities", Float.class);
        double sum = probabilities.stream().mapToDouble(Float::doubleValue).sum();
        org.hamcrest.MatcherAssert.assertThat(sum, closeTo(1.0, 1e-4));
    }

    @Test
    void acceptsBareBase64() {
        String bare = Base64.getEncoder().encodeToString(Images.encode(SEVEN, "png"));
        given().contentType(ContentType.JSON)
                .body(Map.of("image", bare, "model", "scratch"))
                .when()
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .body("model", equalTo("scratch"))
                .body("digit", equalTo(7));
    }

    @Test
    void acceptsAJpeg() {
        BufferedImage rgb = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = rgb.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 280, 280);
        g.drawImage(SEVEN, 0, 0, null);
        g.dispose();
        given().contentType("image/jpeg")
                .body(Images.encode(rgb, "jpeg"))
                .when()
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .body("digit", equalTo(7));
    }

    @Test
    void acceptsAMultipartUpload() {
        given().multiPart("image", "seven.png", Images.encode(SEVEN, "png"), "image/png")
                .multiPart("model", "mlp")
                .when()
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .body("model", equalTo("mlp"))
                .body("digit", equalTo(7));
    }

    @Test
    void acceptsARawPngBodyWithTheModelInTheQuery() {
        given().contentType("image/png")
                .body(Images.encode(SEVEN, "png"))
                .when()
                .post("/api/v1/predict?model=scratch")
                .then()
                .statusCode(200)
                .body("model", equalTo("scratch"))
                .body("digit", equalTo(7));
    }

    @Test
    void comparesAllModelsOnOneDrawing() {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(SEVEN)))
                .when()
                .post("/api/v1/compare")
                .then()
                .statusCode(200)
                .body("predictions.model", contains(MODELS))
                .body("predictions.digit", everyItem(equalTo(7)))
                .body("input", startsWith("data:image/png;base64,"));
    }

    @Test
    void modelAllOnPredictIsTheComparison() {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(SEVEN), "model", "all"))
                .when()
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .body("predictions.model", contains(MODELS));
    }

    @Test
    void comparesAMultipartUpload() {
        given().multiPart("image", "seven.png", Images.encode(SEVEN, "png"), "image/png")
                .when()
                .post("/api/v1/compare")
                .then()
                .statusCode(200)
                .body("predictions", hasSize(MODELS.length));
    }

    @Test
    void theInputImageIsTheTwentyEightPixelSquareTheModelSaw() throws Exception {
        String input = given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(SEVEN)))
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .extract()
                .path("input");
        byte[] png = Base64.getDecoder().decode(input.substring(input.indexOf(',') + 1));
        BufferedImage seen = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        org.junit.jupiter.api.Assertions.assertEquals(Mnist.SIDE, seen.getWidth());
        org.junit.jupiter.api.Assertions.assertEquals(Mnist.SIDE, seen.getHeight());
    }

    @Test
    void listsTheModelsWithTheirCards() {
        when().get("/api/v1/models")
                .then()
                .statusCode(200)
                .body("models.name", contains(MODELS))
                .body("models.architecture", everyItem(containsString("")))
                .body("models.parameters", everyItem(greaterThan(1000)))
                .body("models.testAccuracy", everyItem(greaterThan(0.5f)))
                .body("models.versions", everyItem(contains("1")))
                .body("models.available", everyItem(equalTo(true)));
    }

    @Test
    void countsPredictionsByModelAndDigitInPrometheus() {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(SEVEN), "model", "cnn"))
                .post("/api/v1/predict")
                .then()
                .statusCode(200);
        String metrics =
                when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String expected : new String[] {
            "gateway_predictions_total{digit=\"7\",model=\"cnn\"}",
            "gateway_preprocess_seconds_bucket{le=",
            "gateway_inference_seconds_bucket{model=\"cnn\"",
            "http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/v1/predict\"}"
        }) {
            org.hamcrest.MatcherAssert.assertThat(metrics, containsString(expected));
        }
    }

    @Test
    void openApiDescribesTheApi() {
        when().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/v1/predict"))
                .body("paths", hasKey("/api/v1/compare"))
                .body("paths", hasKey("/api/v1/models"))
                .body("components.schemas.Verdict.enum", contains("digit", "not-a-digit"));
    }

    @Test
    void healthIsUp() {
        when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
