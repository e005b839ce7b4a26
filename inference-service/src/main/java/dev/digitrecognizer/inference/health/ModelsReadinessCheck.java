package dev.digitrecognizer.inference.health;

import dev.digitrecognizer.inference.model.ModelRegistry;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every model has been loaded and warmed up, and at least one can be served. */
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
