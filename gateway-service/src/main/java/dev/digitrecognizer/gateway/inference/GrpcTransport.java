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
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.runtime.config.GrpcClientConfiguration;
import io.quarkus.grpc.runtime.config.GrpcConfiguration;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
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
 * thread to wake. Calls from elsewhere share Quarkus's channel. Like Quarkus's own channel, a
 * loop's channel is an NIO one: with Vert.x's native transport (off here) every call shares it.
 * On a loop, each model's calls go through a {@link Coalescer} ({@code gateway.inference.coalesce-rows}):
 * the requests made while the loop's call to that model is out go together as its next call.
 *
 * <p>Every channel spreads its calls over the inference replicas: its target is {@code
 * dns:///host:port}, and it balances with {@code quarkus.grpc.clients.inference.load-balancing-policy}
 * ({@code round_robin}: a connection to every address the name resolves to, each call to the next
 * ready one), so a headless Service or a compose alias shared by several containers is enough. A
 * replica whose connection breaks is skipped until it reconnects, and the name is resolved again;
 * the calls that were out on that connection fail as {@link ConnectionLost} ({@link CallWatch}),
 * which {@link InferenceClient} retries without counting them against the model.
 */
@ApplicationScoped
@Typed(GrpcTransport.class)
class GrpcTransport implements InferTransport {
    /** inference-service's trailer on shed load, in seconds, as REST's Retry-After header. */
    private static final Metadata.Key<String> RETRY_AFTER =
            Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);
    /** inference-service's trailer on a call refused because that replica is shutting down. */
    private static final Metadata.Key<String> GOING_AWAY =
            Metadata.Key.of("going-away", Metadata.ASCII_STRING_MARSHALLER);

    /** The gRPC client's name: its configuration is {@code quarkus.grpc.clients.inference.*}. */
    private static final String CLIENT = "inference";

    private final MutinyGRPCInferenceServiceStub shared;
    private final Vertx vertx;
    private final String target;
    private final String loadBalancingPolicy;
    private final int coalesceRows;
    private final Map<EventLoop, LoopChannel> perLoop = new ConcurrentHashMap<>();

    /** An event loop's own channel, the stub that calls over it, and a coalescer per model. */
    private record LoopChannel(
            EventLoop loop,
            ManagedChannel channel,
            MutinyGRPCInferenceServiceStub stub,
            Map<String, Coalescer> models) {}

    GrpcTransport(
            @GrpcClient(CLIENT) MutinyGRPCInferenceServiceStub shared,
            Vertx vertx,
            Config config,
            GatewayConfig gateway) {
        this.shared = shared.withInterceptors(CallWatch.INTERCEPTOR);
        this.coalesceRows = gateway.inference().coalesceRows();
        this.vertx = vertx;
        // The same client configuration Quarkus builds the shared channel from
        GrpcClientConfiguration client = config.unwrap(SmallRyeConfig.class)
                .getConfigMapping(GrpcConfiguration.class)
                .clients()
                .get(CLIENT);
        this.target = "dns:///" + client.host() + ":" + client.port();
        this.loadBalancingPolicy = client.loadBalancingPolicy();
    }

    @PreDestroy
    void close() {
        perLoop.values().forEach(loop -> loop.channel().shutdownNow());
    }

    @Override
    public Uni<Inferred> infer(String model, float[][] rows, Duration timeout) {
        EventLoop loop = currentLoop();
        if (loop == null) {
            return call(shared, model, rows, timeout);
        }
        LoopChannel own = perLoop.computeIfAbsent(loop, this::channelOn);
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

    /** The Vert.x event loop this thread runs, or null on any other thread (or with native transport). */
    private EventLoop currentLoop() {
        if (vertx.isNativeTransportEnabled()) {
            return null;
        }
        for (EventExecutor executor : vertx.nettyEventLoopGroup()) {
            if (executor.inEventLoop()) {
                return (EventLoop) executor;
            }
        }
        return null;
    }

    private static Uni<Inferred> call(
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
        CallWatch watch = new CallWatch();
        return stub.withDeadlineAfter(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                .withOption(CallWatch.KEY, watch)
                .modelInfer(request)
                .map(response -> new Inferred(probabilities(model, response), response.getModelVersion()))
                .onFailure(StatusRuntimeException.class)
                .transform(e -> refused(model, (StatusRuntimeException) e, watch));
    }

    private LoopChannel channelOn(EventLoop loop) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(target)
                .defaultLoadBalancingPolicy(loadBalancingPolicy)
                .eventLoopGroup(loop)
                .channelType(NioSocketChannel.class)
                .directExecutor()
                .usePlaintext()
                .build();
        return new LoopChannel(
                loop,
                channel,
                MutinyGRPCInferenceServiceGrpc.newMutinyStub(channel).withInterceptors(CallWatch.INTERCEPTOR),
                new HashMap<>());
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

    /**
     * UNAVAILABLE with a retry-after is shed load; UNAVAILABLE the server never sent, on a call that
     * was out on a connection, is a lost connection, and so is one refused by a replica going away;
     * any other status (a refused connection too) is unavailability.
     */
    private static RuntimeException refused(String model, StatusRuntimeException e, CallWatch watch) {
        Metadata trailers = e.getTrailers();
        String retryAfter = trailers == null ? null : trailers.get(RETRY_AFTER);
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE && retryAfter != null) {
            return InferTransport.overloaded(InferTransport.retryAfterSeconds(retryAfter));
        }
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE
                && trailers != null
                && trailers.containsKey(GOING_AWAY)) {
            return new ConnectionLost("model " + model + ": the replica is shutting down");
        }
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE && watch.lost()) {
            return new ConnectionLost("model " + model + ": the connection closed during the call ("
                    + e.getStatus().getDescription() + ")");
        }
        return new InferenceUnavailable(
                "model " + model + ": gRPC " + e.getStatus().getCode());
    }
}
