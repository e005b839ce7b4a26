package dev.digitrecognizer.inference.oip;

import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.oip.OipErrors.ModelNotReady;
import dev.digitrecognizer.inference.repository.ModelConfig;
import dev.digitrecognizer.inference.repository.ServedVersions;
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
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService}). It takes the
 * same path as REST: the same model lookup, checks and queues, so gRPC and REST requests share
 * batches, and each failure keeps its meaning as a status ({@link GrpcErrors}); bytes that are not
 * a request are refused as one ({@link MalformedMessages}).
 */
@GrpcService
class GrpcEndpoints extends GRPCInferenceServiceImplBase {
    private final ServedVersions servedVersions;
    private final ModelLookup models;
    private final Inference inference;
    private final InferenceConfig config;
    private final GrpcErrors errors;

    GrpcEndpoints(
            ServedVersions servedVersions,
            ModelLookup models,
            Inference inference,
            InferenceConfig config,
            GrpcErrors errors) {
        this.servedVersions = servedVersions;
        this.models = models;
        this.inference = inference;
        this.config = config;
        this.errors = errors;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return MalformedMessages.refused(super.bindService());
    }

    @Override
    public Uni<ServerLiveResponse> serverLive(ServerLiveRequest request) {
        return answer(() -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public Uni<ServerReadyResponse> serverReady(ServerReadyRequest request) {
        return answer(() -> ServerReadyResponse.newBuilder()
                .setReady(servedVersions.ready())
                .build());
    }

    /** Not ready (loading, failed, unloaded) is an answer; a model or version that does not exist is NOT_FOUND. */
    @Override
    public Uni<ModelReadyResponse> modelReady(ModelReadyRequest request) {
        return answer(() -> {
            boolean ready;
            try {
                models.served(request.getName(), request.getVersion());
                ready = true;
            } catch (ModelNotReady e) {
                ready = false;
            }
            return ModelReadyResponse.newBuilder().setReady(ready).build();
        });
    }

    @Override
    public Uni<ServerMetadataResponse> serverMetadata(ServerMetadataRequest request) {
        ServerResource.ServerMetadata metadata = ServerResource.METADATA;
        return answer(() -> ServerMetadataResponse.newBuilder()
                .setName(metadata.name())
                .setVersion(metadata.version())
                .addAllExtensions(metadata.extensions())
                .build());
    }

    @Override
    public Uni<ModelMetadataResponse> modelMetadata(ModelMetadataRequest request) {
        return answer(() -> {
            ServedModel model = models.served(request.getName(), request.getVersion());
            return ModelMetadataResponse.newBuilder()
                    .setName(model.name())
                    .addAllVersions(models.versions(model.name()))
                    .setPlatform(model.config().platform())
                    .addInputs(tensor(model.config().inputName(), model.config().inputShape()))
                    .addOutputs(
                            tensor(model.config().outputName(), model.config().outputShape()))
                    .build();
        });
    }

    private static ModelMetadataResponse.TensorMetadata tensor(String name, List<Long> shape) {
        return ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(name)
                .setDatatype(ModelConfig.DATATYPE)
                .addAllShape(shape)
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
                    ServedModel model = models.served(request.getModelName(), request.getModelVersion());
                    TensorDecoder.Rows rows = GrpcTensors.rows(request, model, config.maxRowsPerRequest());
                    long timeout = QueueTimeout.of(GrpcTensors.parameters(request.getParametersMap()), model);
                    Inference.Call call =
                            inference.submit(model, !request.getModelVersion().isEmpty(), rows, timeout);
                    return Uni.createFrom()
                            .completionStage(call.outcome())
                            .emitOn(writer)
                            .map(outcome -> GrpcTensors.response(request, outcome))
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
