package dev.digitrecognizer.inference;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the thread each gRPC infer answer is written from, as the server's transport sees it. */
@ApplicationScoped
@GlobalInterceptor
public class AnswerThreads implements ServerInterceptor {
    private final List<String> infer = new CopyOnWriteArrayList<>();

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (!"ModelInfer".equals(call.getMethodDescriptor().getBareMethodName())) {
            return next.startCall(call, headers);
        }
        return next.startCall(
                new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                    @Override
                    public void sendMessage(A message) {
                        infer.add(Thread.currentThread().getName());
                        super.sendMessage(message);
                    }
                },
                headers);
    }

    void clear() {
        infer.clear();
    }

    List<String> infer() {
        return List.copyOf(infer);
    }
}
