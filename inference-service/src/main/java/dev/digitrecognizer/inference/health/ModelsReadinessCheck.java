package dev.digitrecognizer.inference.health;

import dev.digitrecognizer.inference.model.ModelRegistry;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every model of the repository has been loaded and warmed up: one that failed to load
 * keeps the pod out of the Service's endpoints (it is never restarted for it, liveness is separate),
 * as {@code /v2/health/ready} answers 503 for it.
 */
@Readiness
public class ModelsReadinessCheck implements HealthCheck {
    private final ModelRegistry registry;

    ModelsReadinessCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("models").status(registry.ready());
        if (registry.loading()) {
            response.withData("loading", true);
        }
        registry.models().keySet().forEach(name -> response.withData(name, "READY"));
        registry.failures().forEach((name, reason) -> response.withData(name, "UNAVAILABLE: " + reason));
        return response.build();
    }
}
