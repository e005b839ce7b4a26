package dev.digitrecognizer.http;

/**
 * A running service as the edge checks ({@link FramingChecks}, {@link SlowClientChecks}) address
 * it: the edge is this module's, but each service words its refusals in its own error format.
 *
 * @param postPath a route whose JSON body the edge reads, e.g. {@code /api/v1/predict}
 * @param getPath a route that answers GET
 * @param wording asserts that a whole response is the service's refusal of a kind
 */
public record ServiceEdge(String postPath, String getPath, Wording wording) {

    /** How a service words a refusal: its content type and the form in which its body gives the sentence. */
    @FunctionalInterface
    public interface Wording {
        void assertRefusal(String response, Refusal.Kind kind);
    }
}
