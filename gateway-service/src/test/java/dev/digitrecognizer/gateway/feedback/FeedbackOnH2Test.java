package dev.digitrecognizer.gateway.feedback;

import dev.digitrecognizer.gateway.InferenceServiceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The feedback contract on the embedded default: an H2 file, as {@code ./run.sh} uses. */
@QuarkusTest
@QuarkusTestResource(value = InferenceServiceResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = H2FileResource.class, restrictToAnnotatedClass = true)
class FeedbackOnH2Test extends FeedbackContract {}
