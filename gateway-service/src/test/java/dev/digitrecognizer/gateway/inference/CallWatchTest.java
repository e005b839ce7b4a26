package dev.digitrecognizer.gateway.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.GrpcChannels;
import dev.digitrecognizer.oip.grpc.GRPCInferenceServiceGrpc;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferRequest;
import dev.digitrecognizer.oip.grpc.GrpcPredictV2.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call is lost only when it went out on a connection that then closed under it: not when the
 * server answered UNAVAILABLE itself, and not when no connection could be made.
 */
class CallWatchTest {
    private final CountDownLatch arrived = new CountDownLatch(1);
    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    void aCallWhoseConnectionIsCutWhileItIsOutIsLost() throws Exception {
        start(false);
        try (CuttableProxy proxy = new CuttableProxy(server.getPort())) {
            CallWatch watch = new CallWatch();
            CompletableFuture<ModelInferResponse> call =
                    CompletableFuture.supplyAsync(() -> infer(proxy.port(), watch));
            assertTrue(arrived.await(10, TimeUnit.SECONDS), "the call never reached the server");

            proxy.cut();

            assertEquals(Status.Code.UNAVAILABLE, failure(call).getStatus().getCode());
            assertTrue(watch.lost());
        }
    }

    @Test
    void aCallTheServerRefusesIsNotLost() throws Exception {
        start(true);
        CallWatch watch = new CallWatch();

        StatusRuntimeException refused =
                assertThrows(StatusRuntimeException.class, () -> infer(server.getPort(), watch));

        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
        assertFalse(watch.lost());
    }

    @Test
    void aCallThatFindsNoConnectionIsNotLost() throws Exception {
        int nothingListens;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothingListens = socket.getLocalPort();
        }
        CallWatch watch = new CallWatch();

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> infer(nothingListens, watch));

        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
        assertFalse(watch.lost());
    }

    /** A server whose ModelInfer answers UNAVAILABLE ({@code refuse}) or holds the call, unanswered. */
    private void start(boolean refuse) throws IOException {
        server = ServerBuilder.forPort(0)
                .addService(new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
                    @Override
                    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
                        arrived.countDown();
                        if (refuse) {
                            answer.onError(Status.UNAVAILABLE
                                    .withDescription("model cnn is not ready")
                                    .asRuntimeException());
                        }
                    }
                })
                .build()
                .start();
    }

    private ModelInferResponse infer(int port, CallWatch watch) {
        channel = GrpcChannels.local(port);
        return GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(CallWatch.INTERCEPTOR)
                .withOption(CallWatch.KEY, watch)
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .modelInfer(ModelInferRequest.newBuilder().setModelName("cnn").build());
    }

    private static StatusRuntimeException failure(CompletableFuture<?> call) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(20, TimeUnit.SECONDS));
        return (StatusRuntimeException) e.getCause();
    }

    /** Passes one connection on to the server's port until {@link #cut}, which resets it, as a killed peer's kernel does. */
    private static final class CuttableProxy implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final CompletableFuture<Socket> client = new CompletableFuture<>();
        private final int target;

        CuttableProxy(int target) throws IOException {
            this.target = target;
            daemon(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            try {
                Socket in = listener.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                client.complete(in);
                daemon(() -> pump(in, out));
                daemon(() -> pump(out, in));
            } catch (IOException e) {
                client.completeExceptionally(e);
            }
        }

        private static void daemon(Runnable work) {
            Thread thread = new Thread(work, "cuttable-proxy");
            thread.setDaemon(true);
            thread.start();
        }

        private static void pump(Socket from, Socket to) {
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closed) {
                // cut
            }
        }

        /** Resets the client's connection: RST, not FIN (SO_LINGER 0). */
        void cut() throws Exception {
            Socket socket = client.get(10, TimeUnit.SECONDS);
            socket.setSoLinger(true, 0);
            socket.close();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
