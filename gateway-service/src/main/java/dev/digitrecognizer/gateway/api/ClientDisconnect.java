package dev.digitrecognizer.gateway.api;

import io.vertx.core.VertxException;
import io.vertx.core.http.HttpServerRequest;
import java.nio.channels.ClosedChannelException;

/**
 * Whether a failure only means the client went away: its connection is closed, or the failure is
 * one Vert.x, Netty or the body reader raises for a closed connection.
 */
final class ClientDisconnect {
    private static final int MAX_CAUSES = 16;

    private ClientDisconnect() {}

    static boolean isDisconnect(Throwable failure, HttpServerRequest request) {
        if (request != null && request.response().closed()) {
            return true;
        }
        Throwable cause = failure;
        for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause()) {
            if (cause instanceof ClosedChannelException) {
                return true;
            }
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (cause instanceof VertxException && message.contains("Connection was closed")) {
                return true;
            }
            if (message.equals("Connection reset") || message.equals("Broken pipe")) {
                return true;
            }
        }
        return false;
    }
}
