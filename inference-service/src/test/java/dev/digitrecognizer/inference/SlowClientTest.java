package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.given;

import dev.digitrecognizer.http.SlowClientChecks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;

/** The edge's slow-client checks against this service, with a body limit of 1 MiB. */
@QuarkusTest
@TestProfile(SlowClientTest.FewWorkers.class)
@ExtendWith(AwaitReady.class)
class SlowClientTest extends SlowClientChecks {
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    public static class FewWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(fewWorkers("inference.body-timeout"));
            config.put("quarkus.http.limits.max-body-size", "1M");
            return config;
        }
    }

    @TestHTTPResource("/")
    URL base;

    SlowClientTest() {
        super(InferenceEdge.SERVICE);
    }

    @Override
    protected URL base() {
        return base;
    }

    @Override
    protected long maxBodyBytes() {
        return MAX_BODY_BYTES;
    }

    @Override
    protected void sendAnOrdinaryRequest() {
        given().contentType(ContentType.JSON)
                .body(Digits.request(0))
                .when()
                .post(InferenceEdge.SERVICE.postPath())
                .then()
                .statusCode(200);
    }
}
