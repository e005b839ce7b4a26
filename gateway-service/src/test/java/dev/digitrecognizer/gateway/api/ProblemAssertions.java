package dev.digitrecognizer.gateway.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.restassured.specification.RequestSpecification;

/** What every problem answer must be: problem+json with its kind, status, a title and a sentence, no internals. */
final class ProblemAssertions {
    private ProblemAssertions() {}

    static void assertProblem(RequestSpecification request, int status, String type, String detail) {
        assertProblem(request, "/api/v1/predict", status, type, detail);
    }

    static void assertProblem(RequestSpecification request, String path, int status, String type, String detail) {
        request.when()
                .post(path)
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:digit-recognizer:problem:" + type))
                .body("status", equalTo(status))
                .body("title", not(equalTo("")))
                .body("detail", containsString(detail))
                .body(not(containsString("Exception")))
                .body(not(containsString("Jackson")))
                .body(not(containsString("StreamReadConstraints")))
                .body(not(containsString("JsonReadFeature")))
                .body(not(containsString("Feature")));
    }
}
