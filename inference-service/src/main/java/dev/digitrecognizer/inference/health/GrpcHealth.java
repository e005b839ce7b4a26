package dev.digitrecognizer.inference.health;

import dev.digitrecognizer.inference.repository.ServedVersions;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import grpc.health.v1.MutinyHealthGrpc.HealthImplBase;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Set;

/**
 * The standard {@code grpc.health.v1.Health}, for generic tools and gRPC probes: the server (the
 * empty service name) and {@code inference.GRPCInferenceService} are SERVING exactly when
 * {@code /v2/health/ready} says ready, NOT_SERVING while models load or when one failed. Quarkus's
 * own health service is off, as it reports SERVING for every service from the start.
 */
@GrpcService
class GrpcHealth extends HealthImplBase {
    static final Set<String> SERVICES = Set.of("", "inference.GRPCInferenceService");
    /** How often {@code Watch} looks at readiness; it sends a status only when it changed. */
    private static final Duration WATCH_EVERY = Duration.ofSeconds(1);
    /** health.proto's SERVICE_UNKNOWN, newer than the copy of the proto that Quarkus's stubs were made from. */
    private static final int SERVICE_UNKNOWN = 3;

    private final ServedVersions servedVersions;

    GrpcHealth(ServedVersions servedVersions) {
        this.servedVersions = servedVersions;
    }

    @Override
    public Uni<HealthCheckResponse> check(HealthCheckRequest request) {
        if (!SERVICES.contains(request.getService())) {
            return Uni.createFrom()
                    .failure(Status.NOT_FOUND
                            .withDescription("no service '" + request.getService() + "' here")
                            .asRuntimeException());
        }
        return Uni.createFrom().item(this::status);
    }

    /** An unknown service is SERVICE_UNKNOWN, as the protocol has it for Watch, and may appear later. */
    @Override
    public Multi<HealthCheckResponse> watch(HealthCheckRequest request) {
        boolean known = SERVICES.contains(request.getService());
        return Multi.createFrom()
                .ticks()
                .startingAfter(Duration.ofMillis(1))
                .every(WATCH_EVERY)
                .map(tick -> known
                        ? status()
                        : HealthCheckResponse.newBuilder()
                                .setStatusValue(SERVICE_UNKNOWN)
                                .build())
                .skip()
                .repetitions();
    }

    private HealthCheckResponse status() {
        return response(servedVersions.ready() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }

    private static HealthCheckResponse response(ServingStatus status) {
        return HealthCheckResponse.newBuilder().setStatus(status).build();
    }
}
