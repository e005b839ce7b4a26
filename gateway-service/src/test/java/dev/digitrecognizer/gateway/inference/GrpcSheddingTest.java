package dev.digitrecognizer.gateway.inference;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Over gRPC as over REST, shed load is passed on as overloaded with the service's own Retry-After
 * and never opens the breaker: a real gRPC server that answers every ModelInfer as inference
 * answers a full queue, UNAVAILABLE with a retry-after trailer.
 */
@QuarkusTest
@QuarkusTestResource(
        value = RefusingGrpcServer.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "trailer", value = "retry-after"),
            @ResourceArg(name = "value", value = GrpcSheddingTest.RETRY_AFTER)
        })
class GrpcSheddingTest {
    static final String RETRY_AFTER = "7";

    @Test
    void sheddingLoadIsPassedOnAsOverloadedAndNeverOpensTheBreaker() {
        String metrics = RefusingGrpcServer.everyPredictionRefused(RETRY_AFTER, "overloaded");
        assertThat(metrics, containsString("gateway_inference_circuit_open{model=\"scratch\"} 0.0"));
        assertThat(
                metrics,
                containsString("gateway_inference_attempts_total{model=\"scratch\",outcome=\"overloaded\"} "
                        + 3 * InferenceClient.REQUEST_VOLUME + ".0"));
    }
}
