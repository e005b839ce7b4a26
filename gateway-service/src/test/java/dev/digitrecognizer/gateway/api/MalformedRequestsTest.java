package dev.digitrecognizer.gateway.api;

import static dev.digitrecognizer.gateway.api.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JSON of the wrong shape, cut-off or doubled multipart, and bodies a client abandons: each gets a sentence. */
@QuarkusTest
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
class MalformedRequestsTest {

    private static RequestSpecification json(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    @Test
    void anImageThatIsAnArray() {
        assertProblem(json("{\"image\": [1, 2]}"), 400, "bad-request", "image must be a string: a data URL or base64");
    }

    @Test
    void anImageThatIsAnObject() {
        assertProblem(json("{\"image\": {}}"), 400, "bad-request", "image must be a string");
    }

    @Test
    void aModelThatIsAnArray() {
        assertProblem(
                json("{\"image\": \"x\", \"model\": []}"), 400, "bad-request", "model must be a string: cnn, mlp");
    }

    @Test
    void aTopLevelArray() {
        assertProblem(json("[]"), 400, "bad-request", "not a JSON object with an \"image\" field");
    }

    @Test
    void aTopLevelString() {
        assertProblem(json("\"hello\""), 400, "bad-request", "not a JSON object with an \"image\" field");
    }

    /** Sent with the JDK's client: rest-assured holds a body this deep in ways its test JVM cannot afford. */
    @Test
    void arraysNestedAHundredThousandDeep() throws Exception {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertRawProblem(deep, "not a JSON object");
        assertRawProblem("{\"image\": " + deep + "}", "image must be a string");
    }

    private static void assertRawProblem(String body, String detail) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/v1/predict"))
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("urn:digit-recognizer:problem:bad-request"), response.body());
        assertTrue(response.body().contains(detail), response.body());
    }

    @Test
    void anUnknownFieldNestedTooDeep() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        assertProblem(json("{\"extra\": " + deep + "}"), 400, "malformed-json", "nested more than 1000 levels deep");
    }

    @Test
    void jsonWithNonStandardTokensNamesNoParserFeature() {
        assertProblem(json("{\"image\": NaN}"), 400, "malformed-json", "not valid JSON (the error is at line 1");
        assertProblem(json("{\"image\": \"x\" /* note */}"), 400, "malformed-json", "not valid JSON");
        assertProblem(json("{'image': 'x'}"), 400, "malformed-json", "not valid JSON");
    }

    @Test
    void jsonThatEndsTooSoon() {
        assertProblem(json("{\"image\": \"abc\","), 400, "malformed-json", "ends before the JSON does");
    }

    @Test
    void aFieldSentTwice() {
        assertProblem(
                json("{\"image\": \"a\", \"image\": \"b\"}"),
                400,
                "malformed-json",
                "The JSON has \"image\" more than once; send each field once.");
    }

    @Test
    void aDataUrlsDeclaredTypeIsIgnoredTheBytesDecide() {
        byte[] png = Images.encode(Drawings.bar(), "png");
        json("{\"image\": \"data:image/jpeg;base64," + Base64.getEncoder().encodeToString(png) + "\"}")
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .body("digit", not(equalTo(null)));
    }

    private static final String BOUNDARY = "XyZ";

    private static RequestSpecification multipart(String body) {
        return given().contentType("multipart/form-data; boundary=" + BOUNDARY)
                .body(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String filePart(String name, String content) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n" + content + "\r\n";
    }

    @Test
    void aMultipartBodyWithoutItsClosingBoundary() {
        assertProblem(multipart(filePart("image", "abc")), 400, "bad-request", "ends before its closing boundary");
    }

    @Test
    void twoImagesInOneUpload() {
        String png = new String(Images.encode(Drawings.bar(), "png"), StandardCharsets.ISO_8859_1);
        assertProblem(
                multipart(filePart("image", png) + filePart("image", png) + "--" + BOUNDARY + "--\r\n"),
                400,
                "bad-request",
                "send one image");
    }

    @Test
    void aFormWithTooManyFields() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1_100; i++) {
            body.append("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f" + i + "\"\r\n\r\nv\r\n");
        }
        body.append("--" + BOUNDARY + "--\r\n");
        assertProblem(multipart(body.toString()), 400, "bad-request", "The form has too many fields");
    }

    @Test
    void anIconIsAnUnsupportedFormat() {
        assertProblem(
                given().contentType("image/png").body(new byte[] {0, 0, 1, 0, 1, 0, 16, 16, 0, 0}),
                415,
                "unsupported-format",
                "ICO images are not supported");
    }

    /** A client that sends half a body and hangs up: counted as a disconnect, not as internal_error. */
    @Test
    @Timeout(60)
    void aClientThatHangsUpMidBodyIsNotAnInternalError() throws Exception {
        double internalBefore = counter("internal_error");
        for (int i = 0; i < 5; i++) {
            try (Socket socket = new Socket("localhost", RestAssured.port)) {
                OutputStream out = socket.getOutputStream();
                String part = filePart("image", "a".repeat(1000));
                out.write(("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                                + "Content-Length: 100000\r\n\r\n" + part)
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        }
        // The gateway notices each hang-up asynchronously; wait for the count (a hang here is what the test
        // timeout catches).
        while (disconnects() < 1) {
            Thread.sleep(50);
        }
        assertEquals(internalBefore, counter("internal_error"));
    }

    /** The body reader sees a hang-up mid-body first and counts it in http_client_disconnects_total. */
    private static double disconnects() {
        String metrics = when().get("/q/metrics").then().extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("http_client_disconnects_total "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }

    private static double counter(String reason) {
        String metrics = when().get("/q/metrics").then().extract().asString();
        String prefix = "gateway_errors_total{reason=\"" + reason + "\"} ";
        return metrics.lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
                .findFirst()
                .orElse(0);
    }
}
