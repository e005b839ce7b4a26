package dev.digitrecognizer.gateway.inference;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * What became of one gRPC call on the wire, so that a call lost with its connection can be told
 * apart from one the server refused and from one that found no connection at all. A call is lost
 * when its headers went out on a connection and no status came back from the server: the status
 * it fails with is the client's own, made when that connection closed under it. With replicas
 * behind {@code round_robin}, that is one replica gone (killed, evicted, its connection cut), which
 * the balancer has already left, not the model down.
 *
 * <p>A call carries its watch as the option {@link #KEY}; {@link #INTERCEPTOR}, installed on the
 * stub, makes it the call's stream tracer.
 */
final class CallWatch extends ClientStreamTracer.Factory {
    static final CallOptions.Key<CallWatch> KEY = CallOptions.Key.create("digit-recognizer-call-watch");

    static final ClientInterceptor INTERCEPTOR = new ClientInterceptor() {
        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
            CallWatch watch = options.getOption(KEY);
            return next.newCall(method, watch == null ? options : options.withStreamTracerFactory(watch));
        }
    };

    private volatile boolean sent;
    private volatile boolean answered;

    @Override
    public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
        return new ClientStreamTracer() {
            @Override
            public void outboundHeaders() {
                sent = true;
            }

            @Override
            public void inboundTrailers(Metadata trailers) {
                answered = true;
            }
        };
    }

    /** Whether the call went out on a connection and the server never ended it. */
    boolean lost() {
        return sent && !answered;
    }
}
