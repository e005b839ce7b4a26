package dev.digitrecognizer.gateway.inference;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * A replica that refuses calls because it is shutting down (UNAVAILABLE with the going-away
 * trailer) is a replica leaving, not the model down: the call is retried, and when no replica is
 * left the answer is 503 with Retry-After, but the breaker never opens.
 */
@QuarkusTest
@QuarkusTestResource(
        value = RefusingGrpcServer.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "trailer", value = "going-away"),
            @ResourceArg(name = "value", value = "shutting-down")
        })
class GrpcGoingAwayTest {

    @Test
    void aReplicaGoingAwayIsRetriedAndNeverOpensTheBreaker() {
        String metrics = RefusingGrpcServer.everyPredictionRefused("1", "inference-unavailable");
        assertThat(metrics, containsString("gateway_inference_circuit_open{model=\"scratch\"} 0.0"));
        assertThat(
                metrics,
                containsString("gateway_inference_attempts_total{model=\"scratch\",outcome=\"connection_lost\"}"));
    }
}
