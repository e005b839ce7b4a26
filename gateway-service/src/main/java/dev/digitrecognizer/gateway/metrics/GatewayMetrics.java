package dev.digitrecognizer.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** What an operator puts on a dashboard: answers by model and digit, durations, errors by reason. */
@ApplicationScoped
public class GatewayMetrics {
    private final MeterRegistry registry;
    private final Timer preprocess;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.preprocess = Timer.builder("gateway.preprocess")
                .description("Image decoding and MNIST preprocessing")
                .publishPercentileHistogram()
                .register(registry);
    }

    public void preprocessed(long nanos) {
        preprocess.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void inferred(String model, long nanos) {
        Timer.builder("gateway.inference")
                .description("A call to the inference service")
                .tag("model", model)
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void predicted(String model, int digit) {
        Counter.builder("gateway.predictions")
                .description("Answers given, by model and predicted digit")
                .tag("model", model)
                .tag("digit", String.valueOf(digit))
                .register(registry)
                .increment();
    }

    public void rejected(String reason) {
        Counter.builder("gateway.errors")
                .description("Requests answered with an error, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** A client that hung up while it was still sending its request. */
    public void clientDisconnected() {
        Counter.builder("http.client.disconnects")
                .description("Connections closed by the client before its request body was complete")
                .register(registry)
                .increment();
    }
}
