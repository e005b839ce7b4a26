package dev.digitrecognizer.gateway.feedback;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import dev.digitrecognizer.mnist.Mnist;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** With gateway.feedback.enabled=false: answers carry no id, and the feedback API says it is off. */
@QuarkusTest
@TestProfile(FeedbackOffTest.Off.class)
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
class FeedbackOffTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.feedback.enabled", "false");
        }
    }

    @Test
    void answersCarryNoIdAndFeedbackIsAProblem() {
        String seven = Images.dataUrl(CanvasRenderer.render(
                Mnist.testSplit().image(0), CanvasRenderer.Style.SCALED_GLYPH, new SplittableRandom(1)));
        given().contentType(ContentType.JSON)
                .body(Map.of("image", seven))
                .post("/api/v1/predict")
                .then()
                .statusCode(200)
                .body("digit", equalTo(7))
                .body("$", not(hasKey("id")));
        FeedbackContract.assertProblem(FeedbackContract.feedback("v1.a.b", 7), 404, "feedback-off");
        FeedbackContract.assertProblem(
                given().header("Authorization", "Bearer " + FeedbackContract.ADMIN)
                        .get("/api/v1/feedback/export")
                        .then(),
                404,
                "feedback-off");
    }
}
