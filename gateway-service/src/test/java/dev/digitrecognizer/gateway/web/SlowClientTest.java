package dev.digitrecognizer.gateway.web;

import static io.restassured.RestAssured.given;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.gateway.Drawings;
import dev.digitrecognizer.gateway.InferenceServiceResource;
import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.http.SlowClientChecks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;

/** The edge's slow-client checks against this service, with predictions as its ordinary requests. */
@QuarkusTest
@TestProfile(SlowClientTest.FewWorkers.class)
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
class SlowClientTest extends SlowClientChecks {
    private static final String IMAGE = Images.dataUrl(Drawings.bar());

    public static class FewWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return fewWorkers("gateway.body-timeout");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    GatewayConfig config;

    SlowClientTest() {
        super(GatewayEdge.SERVICE);
    }

    @Override
    protected URL base() {
        return base;
    }

    @Override
    protected long maxBodyBytes() {
        return config.maxBodyBytes();
    }

    @Override
    protected void sendAnOrdinaryRequest() {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", IMAGE))
                .when()
                .post(GatewayEdge.SERVICE.postPath())
                .then()
                .statusCode(200);
    }
}
