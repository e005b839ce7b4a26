package dev.digitrecognizer.inference.backend;

import dev.digitrecognizer.inference.scheduler.ModelRunner;
import jakarta.inject.Singleton;

/**
 * Gives each served version's scheduler the runner it calls: the version's own ONNX Runtime
 * session. It is a bean so that the runtime stays behind {@link ModelRunner} up to the wiring: a
 * test profile can enable an alternative that puts its own runner in front of the session
 * ({@code QuarkusTestProfile#getEnabledAlternatives}), with nothing in the service that only a
 * test calls.
 */
@Singleton
class ModelRunners {
    ModelRunner of(ServedModel model) {
        return model;
    }
}
