package dev.digitrecognizer.inference.protocol.grpc;

import dev.digitrecognizer.inference.dataplane.DataPlane;
import dev.digitrecognizer.inference.dataplane.Failure;
import dev.digitrecognizer.inference.dataplane.InferRequest;
import dev.digitrecognizer.inference.dataplane.ModelMetadata;
import dev.digitrecognizer.inference.dataplane.ServerMetadata;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferResponse;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelMetadataRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelMetadataResponse;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelReadyRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelReadyResponse;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ServerLiveRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ServerLiveResponse;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ServerMetadataRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ServerMetadataResponse;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ServerReadyRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ServerReadyResponse;
import dev.digitrecognizer.oip.grpc.MutinyGRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService}): each call in the
 * {@link DataPlane}'s terms, as REST's are, so gRPC and REST requests share batches, and each
 * failure keeps its meaning as a status ({@link GrpcErrors}); bytes that are not a request are
 * refused as one ({@link MalformedMessages}).
 */
@GrpcService
class GrpcEndpoints extends GRPCInferenceServiceImplBase {
    private final DataPlane dataPlane;
    private final GrpcErrors errors;

    GrpcEndpoints(DataPlane dataPlane, GrpcErrors errors) {
        this.dataPlane = dataPlane;
        this.errors = errors;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return MalformedMessages.refused(super.bindService(), errors);
    }

    @Override
    public Uni<ServerLiveResponse> serverLive(ServerLiveRequest request) {
        return answer(() -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public Uni<ServerReadyResponse> serverReady(ServerReadyRequest request) {
        return answer(() ->
                ServerReadyResponse.newBuilder().setReady(dataPlane.ready()).build());
    }

    /** Not ready (loading, failed, unloaded) is an answer; a model or version that does not exist is NOT_FOUND. */
    @Override
    public Uni<ModelReadyResponse> modelReady(ModelReadyRequest request) {
        return answer(() -> {
            boolean ready;
            try {
                dataPlane.model(request.getName(), request.getVersion());
                ready = true;
            } catch (Failure.ModelNotReady e) {
                ready = false;
            }
            return ModelReadyResponse.newBuilder().setReady(ready).build();
        });
    }

    @Override
    public Uni<ServerMetadataResponse> serverMetadata(ServerMetadataRequest request) {
        ServerMetadata metadata = dataPlane.metadata();
        return answer(() -> ServerMetadataResponse.newBuilder()
                .setName(metadata.name())
                .setVersion(metadata.version())
                .addAllExtensions(metadata.extensions())
                .build());
    }

    @Override
    public Uni<ModelMetadataResponse> modelMetadata(ModelMetadataRequest request) {
        return answer(() -> {
            ModelMetadata metadata = dataPlane.modelMetadata(request.getName(), request.getVersion());
            return ModelMetadataResponse.newBuilder()
                    .setName(metadata.name())
                    .addAllVersions(metadata.versions())
                    .setPlatform(metadata.platform())
                    .addAllInputs(metadata.inputs().stream()
                            .map(GrpcEndpoints::tensor)
                            .toList())
                    .addAllOutputs(metadata.outputs().stream()
                            .map(GrpcEndpoints::tensor)
                            .toList())
                    .build();
        });
    }

    private static ModelMetadataResponse.TensorMetadata tensor(ModelMetadata.Tensor tensor) {
        return ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(tensor.name())
                .setDatatype(tensor.datatype())
                .addAllShape(tensor.shape())
                .build();
    }

    /**
     * Should the answer's subscription be cancelled, the queued request is withdrawn. The answer
     * is written from the call's event loop, in one task: written from the batcher's thread, its
     * headers, message and trailers could each wake the loop.
     */
    @Override
    public Uni<ModelInferResponse> modelInfer(ModelInferRequest request) {
        Context loop = Vertx.currentContext();
        Executor writer = loop == null ? Runnable::run : task -> loop.runOnContext(ignored -> task.run());
        return Uni.createFrom()
                .deferred(() -> {
                    InferRequest neutral = GrpcTensors.request(request);
                    DataPlane.Call call = dataPlane.infer(neutral);
                    return Uni.createFrom()
                            .completionStage(call.result())
                            .emitOn(writer)
                            .map(result -> GrpcTensors.response(request, neutral.rawOutput(), result))
                            .onCancellation()
                            .invoke(call::cancel);
                })
                .onFailure()
                .transform(errors::status);
    }

    private <T> Uni<T> answer(Supplier<T> answer) {
        return Uni.createFrom().item(answer).onFailure().transform(errors::status);
    }
}
