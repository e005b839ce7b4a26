package dev.digitrecognizer.gateway.feedback;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import dev.digitrecognizer.mnist.Mnist;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The feedback contract on a real PostgreSQL, and what happens while it is down. */
@QuarkusTest
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
class FeedbackOnPostgresTest extends FeedbackContract {

    @Test
    void whileTheDatabaseIsDownFeedbackIs503AndAnswersAreUnaffected() throws IOException {
        BufferedImage seven = CanvasRenderer.render(
                Mnist.testSplit().image(0), CanvasRenderer.Style.SCALED_GLYPH, new SplittableRandom(1));
        String id = predict(seven).getString("id");
        PostgresResource.stopServer();
        try {
            given().contentType(ContentType.JSON)
                    .body(Map.of("image", Images.dataUrl(seven)))
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(200)
                    .body("digit", equalTo(7));
            assertProblem(feedback(id, 7).header("Retry-After", "5"), 503, "feedback-unavailable");
            assertProblem(
                    given().header("Authorization", "Bearer " + ADMIN)
                            .get("/api/v1/feedback/export")
                            .then(),
                    503,
                    "feedback-unavailable");
        } finally {
            PostgresResource.startServer();
        }
        feedback(id, 7).statusCode(201);
    }
}
