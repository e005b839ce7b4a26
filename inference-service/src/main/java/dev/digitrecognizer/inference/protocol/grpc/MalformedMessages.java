package dev.digitrecognizer.inference.protocol.grpc;

import dev.digitrecognizer.inference.dataplane.Failure.InvalidInput;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Bytes that are not the method's request message are the client's mistake, {@link InvalidInput}
 * with a sentence. grpc-java parses a request before any service code runs and answers a parse
 * failure with UNKNOWN ("Application error processing RPC"), so each method here takes the bytes
 * as they came and parses them itself, then hands the message to the service as before.
 */
final class MalformedMessages {
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private MalformedMessages() {}

    static ServerServiceDefinition refused(ServerServiceDefinition service, GrpcErrors errors) {
        ServiceDescriptor descriptor = service.getServiceDescriptor();
        ServiceDescriptor.Builder bytes = ServiceDescriptor.newBuilder(descriptor.getName())
                .setSchemaDescriptor(descriptor.getSchemaDescriptor());
        var methods = service.getMethods().stream()
                .map(method -> parsed(method, errors))
                .toList();
        methods.forEach(method -> bytes.addMethod(method.getMethodDescriptor()));
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(bytes.build());
        methods.forEach(definition::addMethod);
        return definition.build();
    }

    private static <Q, R> ServerMethodDefinition<byte[], R> parsed(
            ServerMethodDefinition<Q, R> definition, GrpcErrors errors) {
        MethodDescriptor<Q, R> method = definition.getMethodDescriptor();
        ServerCallHandler<byte[], R> handler = (call, headers) -> new Parsing<>(
                call, method, definition.getServerCallHandler().startCall(new Typed<>(call, method), headers), errors);
        return ServerMethodDefinition.create(
                method.toBuilder(BYTES, method.getResponseMarshaller()).build(), handler);
    }

    /** Parses each message for the service's listener; after a refusal it passes on nothing but the end. */
    private static final class Parsing<Q, R> extends ServerCall.Listener<byte[]> {
        private final ServerCall<byte[], R> call;
        private final MethodDescriptor<Q, R> method;
        private final ServerCall.Listener<Q> listener;
        private final GrpcErrors errors;
        private boolean refused;

        Parsing(
                ServerCall<byte[], R> call,
                MethodDescriptor<Q, R> method,
                ServerCall.Listener<Q> listener,
                GrpcErrors errors) {
            this.call = call;
            this.method = method;
            this.listener = listener;
            this.errors = errors;
        }

        @Override
        public void onMessage(byte[] message) {
            if (refused) {
                return;
            }
            Q request;
            try {
                request = method.parseRequest(new ByteArrayInputStream(message));
            } catch (RuntimeException e) {
                refused = true;
                StatusRuntimeException refusal = errors.status(new InvalidInput("the message is not a valid "
                        + method.getBareMethodName() + " request: it is not the protocol buffer the method takes"));
                call.close(refusal.getStatus(), new Metadata());
                return;
            }
            listener.onMessage(request);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                listener.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            listener.onCancel();
        }

        @Override
        public void onComplete() {
            listener.onComplete();
        }

        @Override
        public void onReady() {
            if (!refused) {
                listener.onReady();
            }
        }
    }

    /** The call as the service's handler expects it, typed by the original method. */
    private static final class Typed<Q, R> extends ServerCall<Q, R> {
        private final ServerCall<byte[], R> call;
        private final MethodDescriptor<Q, R> method;

        Typed(ServerCall<byte[], R> call, MethodDescriptor<Q, R> method) {
            this.call = call;
            this.method = method;
        }

        @Override
        public void request(int messages) {
            call.request(messages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            call.sendHeaders(headers);
        }

        @Override
        public void sendMessage(R message) {
            call.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public void close(Status status, Metadata trailers) {
            call.close(status, trailers);
        }

        @Override
        public boolean isCancelled() {
            return call.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            call.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            call.setCompression(compressor);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return call.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return call.getAttributes();
        }

        @Override
        public String getAuthority() {
            return call.getAuthority();
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return method;
        }
    }
}
