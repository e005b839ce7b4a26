package dev.digitrecognizer.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What generic gRPC tools see: the standard health service and server reflection. */
@QuarkusTest
@ExtendWith(AwaitReady.class)
class GrpcHealthTest {
    private static Grpc grpc;

    @BeforeAll
    static void connect() {
        grpc = new Grpc();
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        grpc.close();
    }

    @Test
    void theServerAndTheInferenceServiceAreServingOnceTheModelsAre() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(grpc.channel);
        for (String service : List.of("", "inference.GRPCInferenceService")) {
            assertEquals(
                    ServingStatus.SERVING,
                    health.check(HealthCheckRequest.newBuilder()
                                    .setService(service)
                                    .build())
                            .getStatus());
        }
    }

    @Test
    void anUnknownServiceIsNotFound() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> HealthGrpc.newBlockingStub(grpc.channel)
                        .check(HealthCheckRequest.newBuilder()
                                .setService("no.Such")
                                .build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    @Test
    void watchSendsTheCurrentStatusFirst() {
        var statuses = HealthGrpc.newBlockingStub(grpc.channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .watch(HealthCheckRequest.getDefaultInstance());
        assertEquals(ServingStatus.SERVING, statuses.next().getStatus());
    }

    @Test
    void reflectionListsTheInferenceAndHealthServices() throws Exception {
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(grpc.channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName)
                                .toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        List<String> names = services.get(30, TimeUnit.SECONDS);
        requests.onCompleted();
        assertTrue(names.contains("inference.GRPCInferenceService"), names::toString);
        assertTrue(names.contains("grpc.health.v1.Health"), names::toString);
    }
}
