package dev.digitrecognizer.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What an operator puts on a dashboard: answers by model and digit, durations, errors by reason.
 * The per-request meters are looked up once per tag set and kept: the registry's own lookup sorts
 * and hashes the tags on every call.
 */
@ApplicationScoped
public class GatewayMetrics {
    private final MeterRegistry registry;
    private final Timer preprocess;
    private final DistributionSummary numberDigits;
    private final Map<String, Timer> inference = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.preprocess = Timer.builder("gateway.preprocess")
                .description("Image decoding and MNIST preprocessing")
                .publishPercentileHistogram()
                .register(registry);
        this.numberDigits = DistributionSummary.builder("gateway.number.digits")
                .description("Digits found per drawing of a number read by /number")
                .baseUnit("digits")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** One drawing of a number read, by how many digits it had. */
    public void numberRead(int digits) {
        numberDigits.record(digits);
    }

    public void preprocessed(long nanos) {
        preprocess.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void inferred(String model, long nanos) {
        inference
                .computeIfAbsent(
                        model,
                        name -> Timer.builder("gateway.inference")
                                .description("A call to the inference service")
                                .tag("model", name)
                                .publishPercentileHistogram()
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One attempt at the inference service, or one the open circuit saved: ok, unavailable, overloaded, ... */
    public void attempted(String model, String outcome) {
        increment(
                "gateway.inference.attempts",
                "Attempts at the inference service, retries included, by outcome",
                "model",
                model,
                "outcome",
                outcome);
    }

    /** 1 while the model's circuit breaker is open, else 0. */
    public void watchCircuit(String model, Supplier<Number> open) {
        unregister("gateway.inference.circuit.open", model);
        Gauge.builder("gateway.inference.circuit.open", open)
                .description("1 while the model's circuit breaker is open: the model is taken for down")
                .tag("model", model)
                .register(registry);
    }

    /** The decode budget: pixels being decoded now, and images waiting for room. */
    public void watchDecodeBudget(Supplier<Number> pixelsInUse, Supplier<Number> waiting) {
        unregister("gateway.decode.pixels", null);
        unregister("gateway.decode.waiting", null);
        Gauge.builder("gateway.decode.pixels", pixelsInUse)
                .description("Pixels being decoded now, charged against gateway.decode.pixel-budget")
                .register(registry);
        Gauge.builder("gateway.decode.waiting", waiting)
                .description("Images waiting for room in the decode budget")
                .register(registry);
    }

    /** A gauge reads the bean that registered it: one left by an earlier start (tests restart in one JVM) goes first. */
    private void unregister(String name, String model) {
        var search = registry.find(name);
        if (model != null) {
            search = search.tag("model", model);
        }
        search.gauges().forEach(registry::remove);
    }

    /** Counted by model and digit: "0" to "9", or "none" when the drawing is not a digit. */
    public void predicted(String model, String digit) {
        increment(
                "gateway.predictions",
                "Answers given, by model and predicted digit; \"none\" when not a digit",
                "model",
                model,
                "digit",
                digit);
    }

    /** A user's word on one model's answer: right or wrong. */
    public void judged(String model, boolean right) {
        increment(
                "gateway.feedback",
                "Feedback on answers, by model and whether the model was right",
                "model",
                model,
                "outcome",
                right ? "right" : "wrong");
    }

    /** The digit a model read against the one a user says was drawn, or "not-a-digit". */
    public void confused(String model, String predicted, String actual) {
        increment(
                "gateway.feedback.confusion",
                "Feedback by model, digit read and what was really drawn",
                "model",
                model,
                "predicted",
                predicted,
                "actual",
                actual);
    }

    /** The counter of a name and tags (key, value, ...), registered on first use and kept. */
    private void increment(String name, String description, String... tags) {
        counters.computeIfAbsent(
                        name + " " + String.join(" ", tags),
                        key -> Counter.builder(name)
                                .description(description)
                                .tags(tags)
                                .register(registry))
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
