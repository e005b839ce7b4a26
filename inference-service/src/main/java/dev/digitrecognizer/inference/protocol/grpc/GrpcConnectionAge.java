package dev.digitrecognizer.inference.protocol.grpc;

import dev.digitrecognizer.inference.config.InferenceConfig;
import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.vertx.grpc.VertxServerBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * Closes each gRPC connection after {@code inference.grpc-max-connection-age} (GOAWAY, then the
 * calls still out get {@code grpc-max-connection-age-grace} to finish). A gateway balancing over
 * the replicas' DNS name looks the name up again only when a connection closes, so without an age
 * it would never send to a replica added after it connected.
 */
@ApplicationScoped
class GrpcConnectionAge implements ServerBuilderCustomizer<VertxServerBuilder> {
    private final InferenceConfig config;

    GrpcConnectionAge(InferenceConfig config) {
        this.config = config;
    }

    @Override
    public void customize(GrpcServerConfiguration server, VertxServerBuilder builder) {
        builder.nettyBuilder()
                .maxConnectionAge(config.grpcMaxConnectionAge().toMillis(), TimeUnit.MILLISECONDS)
                .maxConnectionAgeGrace(config.grpcMaxConnectionAgeGrace().toMillis(), TimeUnit.MILLISECONDS);
    }
}
