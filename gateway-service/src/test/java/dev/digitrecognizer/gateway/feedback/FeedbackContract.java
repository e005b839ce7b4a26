package dev.digitrecognizer.gateway.feedback;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.NumberRenderer;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.mnist.Mnist;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What feedback must do on every database the gateway can use, through real HTTP against the real
 * inference service: run by {@link FeedbackOnH2Test} and {@link FeedbackOnPostgresTest}.
 */
abstract class FeedbackContract {
    static final String SECRET = "a-test-secret-of-at-least-32-characters";
    static final String ADMIN = "a-test-admin-token";
    private static final Mnist TEST = Mnist.testSplit();
    /** Test image 0 is a 7. */
    private static final BufferedImage SEVEN =
            CanvasRenderer.render(TEST.image(0), CanvasRenderer.Style.SCALED_GLYPH, new SplittableRandom(1));

    @ConfigProperty(name = "gateway.feedback.db.url")
    String url;

    @ConfigProperty(name = "gateway.feedback.db.username")
    Optional<String> username;

    @ConfigProperty(name = "gateway.feedback.db.password")
    Optional<String> password;

    static JsonPath predict(BufferedImage image) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(image)))
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static ValidatableResponse feedback(Object body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/feedback")
                .then();
    }

    static ValidatableResponse feedback(String id, Object label) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("label", label);
        return feedback(body);
    }

    static void assertProblem(ValidatableResponse response, int status, String type) {
        response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:digit-recognizer:problem:" + type))
                .body("status", equalTo(status))
                .body("detail", not(equalTo("")))
                .body(not(containsString("Exception")))
                .body(not(containsString("SQL")));
    }

    @Test
    void anAnswerTakesItsFeedbackOnceAndSaysWhichModelsWereRight() {
        String id = predict(SEVEN).getString("id");

        feedback(id, 7)
                .statusCode(201)
                .body("label", equalTo("7"))
                .body("models.cnn", equalTo("right"))
                .body("models.detector", equalTo("right"));
        assertProblem(feedback(id, 7), 409, "feedback-exists");
        assertProblem(feedback(id, 3), 409, "feedback-exists");
    }

    @Test
    void manyFeedbacksAtOnceForOneAnswerStoreExactlyOne() throws Exception {
        String id = predict(SEVEN).getString("id");
        int before = export().count();
        List<Integer> statuses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sent.add(pool.submit(() -> feedback(id, 7).extract().statusCode()));
            }
            for (Future<Integer> status : sent) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, statuses.stream().filter(status -> status == 201).count());
        assertEquals(199, statuses.stream().filter(status -> status == 409).count());
        assertEquals(before + 1, export().count());
    }

    @Test
    void theExportHoldsTheInputTheModelsSawWithItsTrueLabel() throws IOException {
        JsonPath answer = predict(SEVEN);
        feedback(answer.getString("id"), "4").statusCode(201);

        Export export = export();
        assertEquals(4, export.labels()[export.count() - 1]);
        assertArrayEquals(pixels(answer.getString("input")), export.image(export.count() - 1));
    }

    @Test
    void aForgedDamagedOrForeignIdIsRefusedAndNothingIsStored() throws IOException, AnswerId.Invalid {
        String id = predict(SEVEN).getString("id");
        int before = export().count();
        String[] parts = id.split("\\.");
        byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
        payload[payload.length / 2] ^= 1;
        String tampered =
                parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "." + parts[2];
        String foreign = new AnswerId("another-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8))
                .sign(new AnswerId(SECRET.getBytes(StandardCharsets.UTF_8))
                        .verify(id)
                        .answered());

        assertProblem(feedback(tampered, 7), 400, "invalid-answer-id");
        assertProblem(feedback(foreign, 7), 400, "invalid-answer-id");
        assertProblem(feedback("not-an-id", 7), 400, "invalid-answer-id");
        assertProblem(feedback(id.substring(0, id.length() - 3), 7), 400, "invalid-answer-id");
        assertEquals(before, export().count());
    }

    @Test
    void anAnswerPastTheWindowIsExpired() throws AnswerId.Invalid {
        AnswerId ids = new AnswerId(SECRET.getBytes(StandardCharsets.UTF_8));
        Answered fresh = ids.verify(predict(SEVEN).getString("id")).answered();
        Answered old = new Answered(
                fresh.kind(),
                Instant.now().minus(Duration.ofDays(8)),
                fresh.nonce(),
                fresh.models(),
                fresh.detector(),
                fresh.marks());

        assertProblem(feedback(ids.sign(old), 7), 410, "answer-expired");
    }

    @Test
    void labelsThatAnswerNoQuestionAreRefused() {
        String id = predict(SEVEN).getString("id");

        assertProblem(feedback(id, 10), 422, "invalid-label");
        assertProblem(feedback(id, "x"), 422, "invalid-label");
        assertProblem(feedback(id, -1), 422, "invalid-label");
        assertProblem(feedback(id, 7.5), 422, "invalid-label");
        assertProblem(feedback(id, "77"), 422, "invalid-label");
        assertProblem(feedback(id, List.of(7)), 422, "invalid-label");
        assertProblem(feedback(Map.of("id", id)), 400, "invalid-feedback");
        assertProblem(feedback(Map.of("label", 7)), 400, "invalid-feedback");
        assertProblem(feedback("[1, 2]"), 400, "invalid-feedback");
        assertProblem(feedback("{\"id\": "), 400, "invalid-feedback");
        assertProblem(feedback("{\"id\": \"" + "a".repeat(70_000) + "\", \"label\": 7}"), 413, "too-large");
        feedback(id, "7").statusCode(201);
    }

    @Test
    void aNumberIsCorrectedAsAStringAndEachDigitCounts() throws IOException {
        int[] indices = {firstOf(2), firstOf(0), firstOf(5)};
        BufferedImage drawn = NumberRenderer.render(
                        TEST, indices, CanvasRenderer.Style.SCALED_GLYPH, 840, new SplittableRandom(3))
                .canvas();
        JsonPath answer = given().contentType(ContentType.JSON)
                .body(Map.of("image", Images.dataUrl(drawn)))
                .post("/api/v1/number")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String id = answer.getString("id");
        assertEquals("205", answer.getString("number"));
        Map<String, Double> before = metrics();

        assertProblem(feedback(id, "not-a-digit"), 422, "invalid-label");
        assertProblem(feedback(id, "2o5"), 422, "invalid-label");
        feedback(id, "206").statusCode(201).body("label", equalTo("206")).body("models.cnn", equalTo("wrong"));

        Map<String, Double> after = metrics();
        assertEquals(2, delta(before, after, "gateway_feedback_total{model=\"cnn\",outcome=\"right\"}"));
        assertEquals(1, delta(before, after, "gateway_feedback_total{model=\"cnn\",outcome=\"wrong\"}"));
        assertEquals(
                1,
                delta(before, after, "gateway_feedback_confusion_total{actual=\"6\",model=\"cnn\",predicted=\"5\"}"));
        Export export = export();
        assertEquals(6, export.labels()[export.count() - 1]);
        assertEquals(0, export.labels()[export.count() - 2]);
    }

    @Test
    void aScriptedRunCountsEveryModelExactly() {
        Map<String, Double> before = metrics();
        feedback(predict(SEVEN).getString("id"), 7).statusCode(201);
        feedback(predict(SEVEN).getString("id"), 3).statusCode(201);
        feedback(predict(SEVEN).getString("id"), "not-a-digit").statusCode(201);
        BufferedImage drawn = new BufferedImage(280, 280, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = drawn.createGraphics();
        Drawings.star(g, 140, 150, 110, 45);
        g.dispose();
        JsonPath star = predict(drawn);
        assertEquals("not-a-digit", star.getString("verdict"));
        feedback(star.getString("id"), "not-a-digit").statusCode(201);

        Map<String, Double> after = metrics();
        assertEquals(1, delta(before, after, "gateway_feedback_total{model=\"cnn\",outcome=\"right\"}"));
        assertEquals(1, delta(before, after, "gateway_feedback_total{model=\"cnn\",outcome=\"wrong\"}"));
        assertEquals(3, delta(before, after, "gateway_feedback_total{model=\"detector\",outcome=\"right\"}"));
        assertEquals(1, delta(before, after, "gateway_feedback_total{model=\"detector\",outcome=\"wrong\"}"));
        assertEquals(
                1,
                delta(before, after, "gateway_feedback_confusion_total{actual=\"7\",model=\"cnn\",predicted=\"7\"}"));
        assertEquals(
                1,
                delta(before, after, "gateway_feedback_confusion_total{actual=\"3\",model=\"cnn\",predicted=\"7\"}"));
        assertEquals(
                1,
                delta(
                        before,
                        after,
                        "gateway_feedback_confusion_total{actual=\"not-a-digit\",model=\"cnn\",predicted=\"7\"}"));
    }

    @Test
    void openApiDescribesFeedbackAndItsExport() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/v1/feedback"))
                .body("paths", hasKey("/api/v1/feedback/export"))
                .body("paths.'/api/v1/feedback'.post.responses", hasKey("201"))
                .body("components.schemas.Feedback.properties", hasKey("label"));
    }

    @Test
    void theExportIsForTheAdminOnly() {
        given().get("/api/v1/feedback/export")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json")
                .body("type", equalTo("urn:digit-recognizer:problem:unauthorized"));
        given().header("Authorization", "Bearer wrong")
                .get("/api/v1/feedback/export")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:digit-recognizer:problem:forbidden"));
        given().header("Authorization", "Basic " + ADMIN)
                .get("/api/v1/feedback/export")
                .then()
                .statusCode(401);
    }

    @Test
    void theStoredFeedbackNamesTheModelVersionsThatAnswered() throws SQLException {
        Map<String, Object> body = new HashMap<>();
        body.put("image", Images.dataUrl(SEVEN));
        body.put("model", "all");
        String id = given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        feedback(id, 7).statusCode(201).body("models.mlp", equalTo("right"));

        Map<String, String> versions = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, username.orElse(""), password.orElse(""));
                PreparedStatement select = connection.prepareStatement(
                        "SELECT p.model, p.version, f.detector_version, f.label FROM feedback_prediction p"
                                + " JOIN feedback f ON f.answer_key = p.answer_key ORDER BY f.received_at DESC"
                                + " FETCH FIRST 3 ROWS ONLY");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                versions.put(rows.getString(1), rows.getString(2));
                assertEquals("1", rows.getString(3));
                assertEquals("7", rows.getString(4));
            }
        }
        assertEquals(Map.of("cnn", "1", "mlp", "1", "scratch", "1"), versions);
    }

    @Test
    void feedbackPastItsRetentionIsDeletedAndNewerIsKept() throws SQLException, InterruptedException {
        String old = "0".repeat(63) + "1";
        String recent = "0".repeat(63) + "2";
        try (Connection connection = DriverManager.getConnection(url, username.orElse(""), password.orElse(""))) {
            insertFeedback(connection, old, Instant.now().minus(Duration.ofDays(91)));
            insertFeedback(connection, recent, Instant.now().minus(Duration.ofDays(89)));
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (stored(old) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(stored(old), "the sweep, every second in tests, deletes what is past 90 days");
        assertTrue(stored(recent));
    }

    private void insertFeedback(Connection connection, String key, Instant received) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO feedback (answer_key, received_at, answered_at, kind, label, detector, detector_version)"
                        + " VALUES (?, ?, ?, 'digit', '7', 'detector', '1')")) {
            insert.setString(1, key);
            insert.setObject(2, OffsetDateTime.ofInstant(received, ZoneOffset.UTC));
            insert.setObject(3, OffsetDateTime.ofInstant(received, ZoneOffset.UTC));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO feedback_mark (answer_key, position, pixels, verdict, actual) VALUES (?, 0, ?, 'digit', 7)")) {
            insert.setString(1, key);
            insert.setBytes(2, new byte[784]);
            insert.executeUpdate();
        }
    }

    private boolean stored(String key) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, username.orElse(""), password.orElse(""));
                PreparedStatement select =
                        connection.prepareStatement("SELECT COUNT(*) FROM feedback_mark WHERE answer_key = ?")) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1) > 0;
            }
        }
    }

    private static int firstOf(int label) {
        for (int i = 0; ; i++) {
            if (TEST.labels()[i] == label) {
                return i;
            }
        }
    }

    /** The 28x28 input of an answer, from its PNG data URL. */
    private static byte[] pixels(String dataUrl) throws IOException {
        BufferedImage image = ImageIO.read(
                new ByteArrayInputStream(Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1))));
        byte[] pixels = new byte[784];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                pixels[y * 28 + x] = (byte) image.getRaster().getSample(x, y, 0);
            }
        }
        return pixels;
    }

    record Export(int count, byte[] images, byte[] labels) {
        byte[] image(int index) {
            return Arrays.copyOfRange(images, index * 784, (index + 1) * 784);
        }
    }

    static Export export() throws IOException {
        byte[] zip = given().header("Authorization", "Bearer " + ADMIN)
                .get("/api/v1/feedback/export")
                .then()
                .statusCode(200)
                .contentType("application/zip")
                .extract()
                .asByteArray();
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        DataInputStream images = new DataInputStream(new ByteArrayInputStream(files.get(TrainingExport.IMAGES)));
        DataInputStream labels = new DataInputStream(new ByteArrayInputStream(files.get(TrainingExport.LABELS)));
        assertEquals(0x00000803, images.readInt());
        int count = images.readInt();
        assertEquals(28, images.readInt());
        assertEquals(28, images.readInt());
        assertEquals(0x00000801, labels.readInt());
        assertEquals(count, labels.readInt());
        byte[] pixels = images.readAllBytes();
        byte[] truth = labels.readAllBytes();
        assertEquals(count * 784, pixels.length);
        assertEquals(count, truth.length);
        return new Export(count, pixels, truth);
    }

    private static final Pattern SAMPLE = Pattern.compile("^(gateway_feedback\\w*\\{[^}]*\\}) ([0-9.eE+-]+)$");

    /** The feedback counters, by series with their labels sorted as Prometheus's text format gives them. */
    static Map<String, Double> metrics() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches()) {
                samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
            }
        }
        return samples;
    }

    static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
    }
}
