package dev.digitrecognizer.gateway.api;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.HeldOutDrawings;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.Percent;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * What people draw that the trainer never made ({@link HeldOutDrawings}), through the API and the
 * real inference service: held-out digits are read, and marks that are not digits are answered
 * {@code "verdict": "not-a-digit"} with a normal 200. Per style and kind, to
 * target/recognition.md; the floors sit a little under what was measured.
 */
@QuarkusTest
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
class RecognitionTest {
    private static final int DIGITS_PER_STYLE = 500;
    private static final int MARKS_PER_KIND = 500;
    private static final double CNN_FLOOR = 0.975;
    private static final double CAUGHT_FLOOR = 0.92;
    private static final double REFUSED_CEILING = 0.01;

    @Test
    void heldOutDigitsAreReadAndMarksThatAreNotDigitsAreSaidToBeSo() throws IOException {
        Map<String, int[]> digits = tally(HeldOutDrawings.digits(DIGITS_PER_STYLE, 41));
        Map<String, int[]> marks = tally(HeldOutDrawings.nonDigits(MARKS_PER_KIND, 43));
        StringBuilder report =
                new StringBuilder("| held-out digits | cnn right | refused as not a digit |\n| --- | --- | --- |\n");
        int right = 0;
        int refused = 0;
        for (Map.Entry<String, int[]> style : digits.entrySet()) {
            int[] t = style.getValue();
            right += t[0];
            refused += t[1];
            report.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s |%n",
                    style.getKey(),
                    Percent.of(t[0], t[2], 2),
                    Percent.of(t[1], t[2], 2)));
        }
        int total = DIGITS_PER_STYLE * digits.size();
        report.append(String.format(
                Locale.ROOT, "| all | %s | %s |%n", Percent.of(right, total, 2), Percent.of(refused, total, 2)));
        report.append("\n| marks that are not digits | answered \"not a digit\" |\n| --- | --- |\n");
        int caught = 0;
        for (Map.Entry<String, int[]> kind : marks.entrySet()) {
            caught += kind.getValue()[1];
            report.append(String.format(
                    Locale.ROOT,
                    "| %s | %s |%n",
                    kind.getKey(),
                    Percent.of(kind.getValue()[1], kind.getValue()[2], 2)));
        }
        int markTotal = MARKS_PER_KIND * marks.size();
        report.append(String.format(Locale.ROOT, "| all | %s |%n", Percent.of(caught, markTotal, 2)));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "recognition.md"), report);
        System.out.println(report);

        assertTrue((double) right / total >= CNN_FLOOR, "cnn read " + right + " of " + total);
        assertTrue((double) refused / total <= REFUSED_CEILING, refused + " of " + total + " digits refused");
        assertTrue((double) caught / markTotal >= CAUGHT_FLOOR, caught + " of " + markTotal + " marks caught");
        when().get("/q/metrics").then().body(containsString("gateway_predictions_total{digit=\"none\",model=\"cnn\"}"));
    }

    /** Per style or kind: [cnn right, answered "not a digit", drawings]. */
    private static Map<String, int[]> tally(List<HeldOutDrawings.Drawing> drawings) throws IOException {
        Map<String, int[]> tally = new LinkedHashMap<>();
        Path samples = Files.createDirectories(Path.of("target", "recognition-samples"));
        for (HeldOutDrawings.Drawing drawing : drawings) {
            int[] t = tally.computeIfAbsent(drawing.kind(), k -> new int[3]);
            if (t[2] < 3) {
                ImageIO.write(
                        drawing.image(),
                        "png",
                        samples.resolve(drawing.kind() + "-" + t[2] + ".png").toFile());
            }
            JsonPath answer = given().contentType(ContentType.JSON)
                    .body(Map.of("image", Images.dataUrl(drawing.image())))
                    .when()
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            t[0] += answer.getInt("digit") == drawing.label() ? 1 : 0;
            t[1] += answer.getString("verdict").equals("not-a-digit") ? 1 : 0;
            t[2]++;
        }
        return tally;
    }
}
