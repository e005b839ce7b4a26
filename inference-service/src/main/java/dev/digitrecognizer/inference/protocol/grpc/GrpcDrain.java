package dev.digitrecognizer.inference.protocol.grpc;

import dev.digitrecognizer.http.Drain;
import dev.digitrecognizer.inference.protocol.Draining;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts each gRPC call in the service's {@link Draining} from its start to its close (or its
 * client's cancel), and refuses new calls with UNAVAILABLE once the drain has begun, with the
 * trailer {@code going-away}: to the gateway that is this replica leaving, whose call it retries on
 * another, not load shed (that carries {@code retry-after}) nor the model down.
 */
@ApplicationScoped
@GlobalInterceptor
class GrpcDrain implements ServerInterceptor {
    private static final Metadata.Key<String> GOING_AWAY =
            Metadata.Key.of("going-away", Metadata.ASCII_STRING_MARSHALLER);
    private final Drain drain;

    GrpcDrain(Draining draining) {
        this.drain = draining.drain();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (!drain.enter()) {
            Metadata trailers = new Metadata();
            trailers.put(GOING_AWAY, "shutting-down");
            call.close(Status.UNAVAILABLE.withDescription("the inference service is shutting down"), trailers);
            return new ServerCall.Listener<>() {};
        }
        AtomicBoolean done = new AtomicBoolean();
        Runnable exit = () -> {
            if (done.compareAndSet(false, true)) {
                drain.exit();
            }
        };
        ServerCall<Q, A> counted = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                try {
                    super.close(status, trailers);
                } finally {
                    exit.run();
                }
            }
        };
        return new SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    exit.run();
                }
            }
        };
    }
}
