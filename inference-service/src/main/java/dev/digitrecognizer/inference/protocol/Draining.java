package dev.digitrecognizer.inference.protocol;

import dev.digitrecognizer.http.Drain;
import dev.digitrecognizer.inference.config.InferenceConfig;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The service's one {@link Drain}, which both transports count their requests in: on SIGTERM
 * requests in flight are answered, new ones refused, and the service stops when the last is
 * answered (or {@code inference.drain-timeout} has passed).
 */
@ApplicationScoped
public class Draining {
    private final Drain drain = new Drain();
    private final InferenceConfig config;

    Draining(InferenceConfig config) {
        this.config = config;
    }

    /** Runs before either server stops (quarkus.shutdown.delay-enabled), which then has nothing left to cut. */
    void drain(@Observes ShutdownDelayInitiatedEvent event) throws InterruptedException {
        drain.stop(config.drainDelay(), config.drainTimeout());
    }

    public Drain drain() {
        return drain;
    }
}
