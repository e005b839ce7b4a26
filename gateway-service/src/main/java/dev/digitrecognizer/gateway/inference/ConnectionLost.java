package dev.digitrecognizer.gateway.inference;

/**
 * The replica a call went to is going away: the connection the call was out on closed before the
 * server answered it, or the replica refused the call because it is shutting down. Retried like any unavailability, where the balancer sends it to a replica still
 * connected, but no evidence that the model is down, so the circuit breaker does not count it; if
 * no replica is left, the retry finds no connection, and that failure counts.
 */
final class ConnectionLost extends InferenceUnavailable {
    ConnectionLost(String message) {
        super(message);
    }
}
