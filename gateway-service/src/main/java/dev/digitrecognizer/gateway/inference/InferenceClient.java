package dev.digitrecognizer.gateway.inference;

import dev.digitrecognizer.mnist.ModelContract;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The one place that calls the inference service, and owns the timeout, the retry of transient
 * failures (connection refused, 5xx) and the circuit breaker that fails fast while it is down.
 */
@ApplicationScoped
public class InferenceClient {
    private final OipApi api;

    InferenceClient(@RestClient OipApi api) {
        this.api = api;
    }

    @Timeout(1000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = InferenceUnavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    public float[] probabilities(String model, float[] input) {
        try {
            BinaryInput request = BinaryInput.of(input);
            OipApi.InferResponse response = api.inferBinary(model, request.headerLength(), request.body());
            float[] probabilities = response.outputs().get(0).data();
            if (probabilities.length != ModelContract.CLASSES) {
                throw new InferenceUnavailable("model " + model + " answered " + probabilities.length + " values");
            }
            return probabilities;
        } catch (WebApplicationException | ProcessingException e) {
            throw unavailable(model, e);
        }
    }

    @Timeout(1000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = InferenceUnavailable.class)
    public Map<String, Object> card(String model) {
        try {
            Map<String, Object> card = api.metadata(model).card();
            return card == null ? Map.of("name", model) : card;
        } catch (WebApplicationException | ProcessingException e) {
            throw unavailable(model, e);
        }
    }

    private static InferenceUnavailable unavailable(String model, RuntimeException e) {
        String cause = e instanceof WebApplicationException web
                ? "HTTP " + web.getResponse().getStatus()
                : e.getMessage();
        return new InferenceUnavailable("model " + model + ": " + cause);
    }
}
