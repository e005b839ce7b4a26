package dev.digitrecognizer.gateway.inference;

/** The inference service could not answer: down, overloaded, still loading, or too slow. */
public class InferenceUnavailable extends RuntimeException {
    public InferenceUnavailable(String message) {
        super(message, null, false, false);
    }
}
