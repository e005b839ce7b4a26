package dev.digitrecognizer.gateway.inference;

import com.google.protobuf.ByteString;
import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferResponse;
import dev.digitrecognizer.oip.grpc.MutinyGRPCInferenceServiceGrpc;
import dev.digitrecognizer.oip.grpc.MutinyGRPCInferenceServiceGrpc.MutinyGRPCInferenceServiceStub;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoop;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;

/**
 * The infer call over the protocol's gRPC API ({@code quarkus.grpc.clients.inference.*}): the rows
 * go as {@code raw_input_contents} and come back as {@code raw_output_contents}, as tritonclient
 * sends and reads them, over multiplexed HTTP/2. The call carries its deadline, so the service
 * drops a request whose caller stopped waiting.
 *
 * <p>A call made on a Vert.x event loop goes over a channel of that loop's own, whose answer is
 * read and handed on by the same thread, so that a request and its answer never wait for another
 * thread to wake. Calls from elsewhere share Quarkus's channel.
 * On a loop, each model's calls go through a {@link Coalescer} ({@code gateway.inference.coalesce-rows}):
 * the requests made while the loop's call to that model is out go together as its next call.
 */
@ApplicationScoped
@Typed(GrpcTransport.class)
class GrpcTransport implements InferTransport {
    /** inference-service's trailer on shed load, in seconds, as REST's Retry-After header. */
    private static final Metadata.Key<String> RETRY_AFTER =
            Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private final MutinyGRPCInferenceServiceStub shared;
    private final VertxInternal vertx;
    private final String host;
    private final int port;
    private final int coalesceRows;
    private final Map<EventLoop, LoopChannel> perLoop = new ConcurrentHashMap<>();

    /** An event loop's own channel, the stub that calls over it, and a coalescer per model. */
    private record LoopChannel(
            EventLoop loop,
            ManagedChannel channel,
            MutinyGRPCInferenceServiceStub stub,
            Map<String, Coalescer> models) {}

    GrpcTransport(
            @GrpcClient("inference") MutinyGRPCInferenceServiceStub shared,
            Vertx vertx,
            Config config,
            GatewayConfig gateway) {
        this.shared = shared;
        this.coalesceRows = gateway.inference().coalesceRows();
        this.vertx = (VertxInternal) vertx;
        this.host = config.getValue("quarkus.grpc.clients.inference.host", String.class);
        this.port = config.getValue(
                "quarkus.grpc.clients.inference." + (LaunchMode.current() == LaunchMode.TEST ? "test-port" : "port"),
                Integer.class);
    }

    @PreDestroy
    void close() {
        perLoop.values().forEach(loop -> loop.channel().shutdownNow());
    }

    @Override
    public Uni<float[]> infer(String model, float[][] rows, Duration timeout) {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            return call(shared, model, rows, timeout);
        }
        LoopChannel own = perLoop.computeIfAbsent(((ContextInternal) context).nettyEventLoop(), this::channelOn);
        if (coalesceRows == 0) {
            return call(own.stub(), model, rows, timeout);
        }
        return own.models()
                .computeIfAbsent(
                        model,
                        name -> new Coalescer(
                                own.loop(), coalesceRows, (all, left) -> call(own.stub(), name, all, left)))
                .infer(rows, timeout);
    }

    private static Uni<float[]> call(
            MutinyGRPCInferenceServiceStub stub, String model, float[][] rows, Duration timeout) {
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName(model)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName(ModelContract.INPUT)
                        .setDatatype(ModelContract.DATATYPE)
                        .addShape(rows.length)
                        .addShape(ModelContract.PIXELS))
                .addRawInputContents(ByteString.copyFrom(BinaryInput.littleEndian(rows)))
                .build();
        return stub.withDeadlineAfter(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                .modelInfer(request)
                .map(response -> probabilities(model, response))
                .onFailure(StatusRuntimeException.class)
                .transform(e -> refused(model, (StatusRuntimeException) e));
    }

    private LoopChannel channelOn(EventLoop loop) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port)
                .eventLoopGroup(loop)
                .channelFactory(vertx.transport().channelFactory(false))
                .directExecutor()
                .usePlaintext()
                .build();
        return new LoopChannel(loop, channel, MutinyGRPCInferenceServiceGrpc.newMutinyStub(channel), new HashMap<>());
    }

    private static float[] probabilities(String model, ModelInferResponse response) {
        if (response.getRawOutputContentsCount() != 1) {
            throw new InferenceUnavailable("model " + model + " answered without raw_output_contents");
        }
        ByteString raw = response.getRawOutputContents(0);
        float[] values = new float[raw.size() / Float.BYTES];
        raw.asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(values);
        return values;
    }

    /** UNAVAILABLE with a retry-after is shed load; any other status (a refused connection too) is unavailability. */
    private static RuntimeException refused(String model, StatusRuntimeException e) {
        Metadata trailers = e.getTrailers();
        String retryAfter = trailers == null ? null : trailers.get(RETRY_AFTER);
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE && retryAfter != null) {
            return new InferenceOverloaded(
                    "model " + model + ": the inference service is shedding load",
                    InferTransport.retryAfterSeconds(retryAfter));
        }
        return new InferenceUnavailable(
                "model " + model + ": gRPC " + e.getStatus().getCode());
    }
}
