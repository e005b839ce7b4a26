package dev.digitrecognizer.inference.health;

import dev.digitrecognizer.inference.repository.ServedVersions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready as {@code /v2/health/ready} is: once every model that should be served has been loaded and
 * warmed up (or one, with {@code inference.ready-when=any-model}). One that failed to load keeps
 * the pod out of the Service's endpoints (it is never restarted for it, liveness is separate).
 */
@Readiness
public class ModelsReadinessCheck implements HealthCheck {
    private final ServedVersions servedVersions;

    ModelsReadinessCheck(ServedVersions servedVersions) {
        this.servedVersions = servedVersions;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("models").status(servedVersions.ready());
        if (servedVersions.loading()) {
            response.withData("loading", true);
        }
        servedVersions
                .statuses()
                .forEach(status -> response.withData(
                        status.name(),
                        status.reason().isEmpty() ? status.state().name() : status.state() + ": " + status.reason()));
        return response.build();
    }
}
