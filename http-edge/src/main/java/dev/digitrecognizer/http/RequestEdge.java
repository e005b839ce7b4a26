package dev.digitrecognizer.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The first handlers on a service's router. Every request's head goes through {@link Framing};
 * then a body on the given route is read whole on the event loop, before a resource sees it, so a
 * client that sends slowly holds a connection but never a worker thread. A body not complete within
 * the deadline gets 408 and one over the limit, declared or counted (chunked), gets 413. Every
 * refusal closes the connection, except a declared length over the limit, whose end is known. A body whose chunked encoding is broken is counted as bad framing;
 * Vert.x has closed that connection already. A client that hangs up mid-body is logged at DEBUG and
 * counted, not answered.
 */
public final class RequestEdge {
    private static final Logger LOG = Logger.getLogger(RequestEdge.class);
    private static final int DRAIN_ORDER = -120;
    private static final int FRAMING_ORDER = -110;
    private static final int BODY_ORDER = -100;

    public record Limits(long maxBodyBytes, Duration bodyTimeout) {}

    /** How a service words and counts what this refuses. */
    public interface Responder {
        String contentType();

        String body(Refusal refusal);

        void refused(Refusal refusal);

        void disconnected();
    }

    private final Limits limits;
    private final Responder responder;
    private final Drain drain;

    private RequestEdge(Limits limits, Responder responder, Drain drain) {
        this.limits = limits;
        this.responder = responder;
        this.drain = drain;
    }

    /**
     * @param bodyRoute the path pattern whose bodies are read here, e.g. {@code /api/*}
     * @param drain counts every request in flight; once it is closed, new ones get 503
     */
    public static void install(Router router, String bodyRoute, Limits limits, Responder responder, Drain drain) {
        RequestEdge edge = new RequestEdge(limits, responder, drain);
        router.route().order(DRAIN_ORDER).handler(edge::admit);
        router.route().order(FRAMING_ORDER).handler(edge::checkFraming);
        router.route(bodyRoute).order(BODY_ORDER).handler(edge::readBody);
    }

    private void admit(RoutingContext context) {
        if (!drain.enter()) {
            refuse(
                    context,
                    new Refusal(
                            Refusal.Kind.SHUTTING_DOWN,
                            "This instance is shutting down; send the request again in a moment."));
            return;
        }
        context.addEndHandler(done -> drain.exit());
        context.next();
    }

    /** The body read here, for the framework to use instead of reading the request again. */
    public static Optional<InputStream> body(RoutingContext context) {
        Buffer body = context.body().buffer();
        return body == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(body.getBytes()));
    }

    private void checkFraming(RoutingContext context) {
        HttpServerRequest request = context.request();
        Optional<Refusal> refusal = Framing.check(request.method().name(), request.uri(), request.headers());
        if (refusal.isPresent()) {
            refuse(context, refusal.get());
        } else {
            context.next();
        }
    }

    private void readBody(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.isEnded() || !hasBody(request)) {
            context.next();
            return;
        }
        if (declaredLength(request) > limits.maxBodyBytes()) {
            // The length is trusted, so the connection stays usable; closing it while the client
            // still sends would reset it before the client reads the answer.
            answer(context, tooLarge());
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        long timer = context.vertx().setTimer(limits.bodyTimeout().toMillis(), id -> {
            if (!over[0] && !request.isEnded()) {
                over[0] = true;
                refuse(
                        context,
                        new Refusal(
                                Refusal.Kind.REQUEST_TIMEOUT,
                                "The request body did not arrive within "
                                        + limits.bodyTimeout().toSeconds() + " seconds; send it again, all at once."));
            }
        });
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > limits.maxBodyBytes()) {
                over[0] = true;
                context.vertx().cancelTimer(timer);
                refuse(context, tooLarge());
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            context.vertx().cancelTimer(timer);
            if (over[0]) {
                return;
            }
            over[0] = true;
            if (e instanceof HttpClosedException) {
                responder.disconnected();
                LOG.debugf("client hung up while sending its request body: %s", e.getMessage());
            } else {
                // Vert.x closes the connection on a codec failure before anything can be written.
                LOG.debugf("unreadable request body, connection closed: %s", e.toString());
                responder.refused(new Refusal(Refusal.Kind.BAD_FRAMING, "The request body's encoding is malformed."));
            }
        });
        request.endHandler(v -> {
            context.vertx().cancelTimer(timer);
            if (!over[0]) {
                context.setBody(body);
                context.next();
            }
        });
    }

    private Refusal tooLarge() {
        return new Refusal(Refusal.Kind.TOO_LARGE, "The request body is over " + limits.maxBodyBytes() + " bytes.");
    }

    private static boolean hasBody(HttpServerRequest request) {
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || declaredLength(request) > 0;
    }

    /** The Content-Length, 0 when there is none; one that is not a number counts as too large. */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return 0;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void refuse(RoutingContext context, Refusal refusal) {
        answer(context, refusal)
                .onComplete(done -> context.request().connection().close());
    }

    private Future<Void> answer(RoutingContext context, Refusal refusal) {
        responder.refused(refusal);
        if (context.response().ended() || context.response().closed()) {
            return Future.succeededFuture();
        }
        if (refusal.kind() == Refusal.Kind.SHUTTING_DOWN) {
            context.response().putHeader("Retry-After", "1");
        }
        return context.response()
                .setStatusCode(refusal.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, responder.contentType())
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(responder.body(refusal));
    }
}
