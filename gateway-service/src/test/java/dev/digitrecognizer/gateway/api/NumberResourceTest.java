package dev.digitrecognizer.gateway.api;

import static dev.digitrecognizer.gateway.api.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.NumberRenderer;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.ModelContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/number} against the real inference service and the committed models. */
@QuarkusTest
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
class NumberResourceTest {
    private static final Mnist TEST = Mnist.testSplit();
    private static final String PATH = "/api/v1/number";

    /** The number drawn with the first MNIST test digit of each of its digits, as scans on a 840x280 canvas. */
    private static BufferedImage number(String digits) {
        int[] indices = digits.chars().map(c -> firstOf(c - '0')).toArray();
        return NumberRenderer.render(TEST, indices, CanvasRenderer.Style.SCALED_GLYPH, 840, new SplittableRandom(3))
                .canvas();
    }

    private static int firstOf(int label) {
        for (int i = 0; ; i++) {
            if (TEST.labels()[i] == label) {
                return i;
            }
        }
    }

    private static JsonPath read(BufferedImage image, String model) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(image), "model", model))
                .when()
                .post(PATH)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void readsADrawnNumberDigitByDigit() {
        JsonPath answer = read(number("2025"), "cnn");
        assertThat(answer.getString("model"), equalTo("cnn"));
        assertThat(answer.getString("number"), equalTo("2025"));
        assertThat(answer.getList("digits"), hasSize(4));
        assertThat(answer.getList("digits.probabilities"), everyItem(hasSize(ModelContract.CLASSES)));
        assertThat(answer.getList("digits.input", String.class), everyItem(startsWith("data:image/png;base64,")));
        assertThat(answer.getMap("timings"), hasKey("segmentMs"));
        assertThat(answer.getMap("timings"), hasKey("inferenceMs"));
    }

    @Test
    void aMarkThatIsNotADigitIsSaidToBeSoAndNotReadAsOne() {
        BufferedImage drawing = new BufferedImage(840, 280, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = drawing.createGraphics();
        SplittableRandom random = new SplittableRandom(5);
        g.drawImage(
                CanvasRenderer.render(TEST.image(firstOf(4)), CanvasRenderer.Style.SCALED_GLYPH, random), 0, 0, null);
        g.drawImage(
                CanvasRenderer.render(TEST.image(firstOf(9)), CanvasRenderer.Style.SCALED_GLYPH, random), 560, 0, null);
        Drawings.star(g, 420, 140, 95, 38);
        g.dispose();

        JsonPath answer = read(drawing, "cnn");
        assertThat(answer.getString("number"), equalTo("4?9"));
        assertThat(answer.getString("verdict"), equalTo("not-a-number"));
        assertThat(answer.getList("digits.verdict"), equalTo(List.of("digit", "not-a-digit", "digit")));
        assertThat(read(number("2025"), "cnn").getString("verdict"), equalTo("number"));
    }

    @Test
    void boxesGoLeftToRight() {
        List<Integer> lefts = read(number("2025"), "cnn").getList("digits.box.x", Integer.class);
        for (int d = 1; d < lefts.size(); d++) {
            assertThat(lefts.get(d - 1), lessThan(lefts.get(d)));
        }
    }

    @Test
    void confidenceIsTheProductOfTheDigitsConfidences() {
        JsonPath answer = read(number("381"), "cnn");
        double product = answer.getList("digits.confidence", Float.class).stream()
                .mapToDouble(Float::doubleValue)
                .reduce(1, (a, b) -> a * b);
        assertThat(answer.getDouble("confidence"), closeTo(product, 1e-5));
    }

    @Test
    void keepsLeadingZeros() {
        assertThat(read(number("007"), "cnn").getString("number"), equalTo("007"));
    }

    @Test
    void readsARawPngWithTheModelInTheQuery() {
        given().contentType("image/png")
                .body(Images.encode(number("46"), "png"))
                .when()
                .post(PATH + "?model=mlp")
                .then()
                .statusCode(200)
                .body("model", equalTo("mlp"))
                .body("number", equalTo("46"));
    }

    @Test
    void readsAnUploadedFile() {
        given().multiPart("image", "number.png", Images.encode(number("59"), "png"), "image/png")
                .when()
                .post(PATH)
                .then()
                .statusCode(200)
                .body("number", equalTo("59"));
    }

    @Test
    void modelAllAnswersEveryModel() {
        JsonPath answer = read(number("12"), "all");
        assertThat(answer.getList("predictions.model"), equalTo(ServedModels.digitModels()));
        assertThat(answer.getList("predictions.number"), everyItem(equalTo("12")));
        assertThat(answer.getMap("timings"), hasKey("totalMs"));
    }

    @Test
    void aSingleDigitIsSeenAsPredictSeesIt() {
        BufferedImage seven =
                CanvasRenderer.render(TEST.image(0), CanvasRenderer.Style.ROUND_BRUSH, new SplittableRandom(5));
        JsonPath number = read(seven, "cnn");
        JsonPath predicted = given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(seven)))
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(number.getString("digits[0].input"), equalTo(predicted.getString("input")));
        assertThat(number.getList("digits[0].probabilities"), equalTo(predicted.getList("probabilities")));
    }

    @Test
    void anEmptyCanvasIsAProblem() {
        BufferedImage empty = new BufferedImage(560, 280, BufferedImage.TYPE_INT_ARGB);
        assertProblem(
                given().contentType(ContentType.JSON).body(Map.of("image", Images.dataUrl(empty))),
                PATH,
                422,
                "empty-canvas",
                "no ink");
    }

    @Test
    void thirtyThreeDigitsAreTooMany() {
        BufferedImage ones = new BufferedImage(1020, 280, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = ones.createGraphics();
        g.setColor(Color.BLACK);
        for (int n = 0; n < 33; n++) {
            g.fillRect(20 + 30 * n, 40, 12, 160);
        }
        g.dispose();
        assertProblem(
                given().contentType(ContentType.JSON).body(Map.of("image", Images.dataUrl(ones))),
                PATH,
                422,
                "too-many-digits",
                "at most 32 digits");
    }

    @Test
    void tenThousandSpecksAreAProblem() {
        BufferedImage specks = new BufferedImage(500, 500, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                specks.setRGB(5 * x + 2, 5 * y + 2, 0xFF000000);
            }
        }
        assertProblem(
                given().contentType(ContentType.JSON).body(Map.of("image", Images.dataUrl(specks))),
                PATH,
                422,
                "too-many-digits",
                "separate marks");
    }

    @Test
    void aStripOnePixelHighIsAProblem() {
        BufferedImage strip = new BufferedImage(10_000, 1, BufferedImage.TYPE_INT_ARGB);
        strip.setRGB(5000, 0, 0xFF000000);
        assertProblem(
                given().contentType(ContentType.JSON).body(Map.of("image", Images.dataUrl(strip))),
                PATH,
                422,
                "bad-aspect-ratio",
                "");
    }

    @Test
    void digitsThatOverlapAreAProblem() {
        BufferedImage zeros = new BufferedImage(560, 280, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = zeros.createGraphics();
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(14));
        for (int n = 0; n < 4; n++) {
            g.drawOval(40 + 70 * n, 60, 130, 160);
        }
        g.dispose();
        assertProblem(
                given().contentType(ContentType.JSON).body(Map.of("image", Images.dataUrl(zeros))),
                PATH,
                422,
                "digits-touch",
                "leave a small gap");
    }

    @Test
    void anUnknownModelIsAProblem() {
        assertProblem(
                given().contentType(ContentType.JSON)
                        .body(Map.of("image", Images.dataUrl(number("12")), "model", "nope")),
                PATH,
                404,
                "unknown-model",
                "nope");
    }

    @Test
    void openApiDescribesTheNumberEndpoint() {
        when().get("/q/openapi?format=json").then().statusCode(200).body("paths", hasKey(PATH));
    }

    @Test
    void digitsPerNumberAreMeasured() {
        read(number("314"), "cnn");
        String metrics =
                when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, containsString("gateway_number_digits_count"));
        assertThat(metrics, containsString("gateway_predictions_total{digit=\"3\",model=\"cnn\"}"));
    }
}
