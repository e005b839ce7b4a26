package dev.digitrecognizer.gateway.health;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.inference.InferenceClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means the inference service answers its own readiness. The answer is cached for
 * {@code gateway.readiness-cache} (5 s), and one probe at a time refreshes it, so however often
 * Kubernetes asks, the inference service is asked at most once per period. Liveness does not
 * depend on it: a gateway whose backend is down is not broken and must not be restarted.
 */
@Readiness
@ApplicationScoped
public class InferenceReadiness implements HealthCheck {
    private static final String NAME = "inference-service";

    private final InferenceClient inference;
    private final long cacheNanos;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile boolean ready;
    private volatile long checkedAt;
    private volatile boolean checked;

    InferenceReadiness(InferenceClient inference, GatewayConfig config) {
        this.inference = inference;
        this.cacheNanos = config.readinessCache().toNanos();
    }

    @Override
    public HealthCheckResponse call() {
        if ((!checked || System.nanoTime() - checkedAt > cacheNanos) && refreshing.tryLock()) {
            try {
                ready = inference.ready();
                checkedAt = System.nanoTime();
                checked = true;
            } finally {
                refreshing.unlock();
            }
        }
        return HealthCheckResponse.named(NAME)
                .status(ready)
                .withData("checked", checked)
                .build();
    }
}
