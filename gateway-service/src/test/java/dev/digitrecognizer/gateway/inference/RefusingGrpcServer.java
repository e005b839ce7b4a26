package dev.digitrecognizer.gateway.inference;

import dev.digitrecognizer.gateway.InferenceServiceResource;
import dev.digitrecognizer.oip.grpc.GRPCInferenceServiceGrpc;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferResponse;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A real gRPC server that answers every ModelInfer UNAVAILABLE with one trailer, given as the
 * resource's init args {@code trailer} and {@code value}, as inference-service refuses a call.
 */
public class RefusingGrpcServer implements QuarkusTestResourceLifecycleManager {
    private Server server;
    private Metadata trailers;

    @Override
    public void init(Map<String, String> args) {
        trailers = new Metadata();
        trailers.put(Metadata.Key.of(args.get("trailer"), Metadata.ASCII_STRING_MARSHALLER), args.get("value"));
    }

    @Override
    public Map<String, String> start() {
        try {
            server = ServerBuilder.forPort(0)
                    .addService(new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
                        @Override
                        public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
                            answer.onError(Status.UNAVAILABLE.asRuntimeException(trailers));
                        }
                    })
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return InferenceServiceResource.withGrpcPort(server.getPort(), Map.of("gateway.inference.transport", "grpc"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
