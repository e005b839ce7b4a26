package dev.digitrecognizer.inference;

import dev.digitrecognizer.http.FramingChecks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;

/** The edge's framing checks against this service. */
@QuarkusTest
class FramingTest extends FramingChecks {
    @TestHTTPResource("/")
    URL base;

    FramingTest() {
        super(InferenceEdge.SERVICE);
    }

    @Override
    protected URL base() {
        return base;
    }
}
