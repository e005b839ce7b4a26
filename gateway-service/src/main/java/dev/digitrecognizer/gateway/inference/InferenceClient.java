package dev.digitrecognizer.gateway.inference;

import dev.digitrecognizer.gateway.Overloaded;
import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import dev.digitrecognizer.mnist.ModelContract;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The one place that calls the inference service. It owns, per model, a circuit breaker that means
 * "this model is down" (connection refused, 5xx, no answer within the request's budget) and never
 * "busy": load shed with {@code Retry-After} skips it, so a queue under load cannot open it. Each
 * call waits at most what its request's {@link Deadline} has left; transient failures are retried
 * within that budget. One broken model opens its own breaker and no other. A call lost with the
 * connection to one replica ({@link ConnectionLost}) is retried and skipped too: the replicas left
 * answer the retry, and if none is left, the retry's own failure counts.
 */
@ApplicationScoped
public class InferenceClient {
    static final int REQUEST_VOLUME = 8;
    static final double FAILURE_RATIO = 0.5;
    static final Duration OPEN_FOR = Duration.ofSeconds(5);
    private static final int MAX_RETRIES = 2;
    private static final Duration CARD_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(1);

    private final OipApi api;
    private final InferTransport transport;
    private final GatewayMetrics metrics;
    private final Map<String, TypedGuard<Uni<ModelAnswer>>> guards = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreakerState> states = new ConcurrentHashMap<>();

    InferenceClient(
            @RestClient OipApi api,
            GatewayConfig config,
            Instance<HttpTransport> http,
            Instance<GrpcTransport> grpc,
            GatewayMetrics metrics) {
        this.api = api;
        this.transport = switch (config.inference().transport()) {
            case HTTP -> http.get();
            case GRPC -> grpc.get();
        };
        this.metrics = metrics;
    }

    /**
     * The model's probabilities for each row of input (one drawing, or the digits of a number),
     * asked in one infer request of N rows within the deadline. Nothing blocks: the call, its
     * retries' delays and its timeout run on the caller's event loop.
     */
    public Uni<ModelAnswer> probabilities(String model, float[][] input, Deadline deadline) {
        AtomicInteger attempts = new AtomicInteger();
        return guard(model)
                .get(() -> attempt(model, input, deadline, attempts.getAndIncrement()))
                .onFailure()
                .transform(e -> unavailable(model, e));
    }

    private Throwable unavailable(String model, Throwable e) {
        if (e instanceof CircuitBreakerOpenException) {
            metrics.attempted(model, "circuit_open");
            return new InferenceUnavailable("model " + model + ": circuit open");
        }
        if (e instanceof InferenceUnavailable || e instanceof Overloaded) {
            return e;
        }
        return new InferenceUnavailable("model " + model + ": " + e);
    }

    /** Whether the model's circuit is open: it failed often enough lately to be taken for down. */
    public boolean circuitOpen(String model) {
        return states.get(model) == CircuitBreakerState.OPEN;
    }

    private TypedGuard<Uni<ModelAnswer>> guard(String model) {
        return guards.computeIfAbsent(model, name -> {
            states.put(name, CircuitBreakerState.CLOSED);
            metrics.watchCircuit(name, () -> circuitOpen(name) ? 1 : 0);
            return TypedGuard.create(new TypeLiteral<Uni<ModelAnswer>>() {})
                    .withRetry()
                    .maxRetries(MAX_RETRIES)
                    .delay(100, ChronoUnit.MILLIS)
                    .jitter(50, ChronoUnit.MILLIS)
                    .retryOn(InferenceUnavailable.class)
                    .abortOn(List.of(Overloaded.class, BudgetSpent.class))
                    .done()
                    .withCircuitBreaker()
                    .name("inference-" + name)
                    .requestVolumeThreshold(REQUEST_VOLUME)
                    .failureRatio(FAILURE_RATIO)
                    .delay(OPEN_FOR.toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(2)
                    .skipOn(List.of(Overloaded.class, BudgetSpent.class, ConnectionLost.class))
                    .onStateChange(state -> states.put(name, state))
                    .done()
                    .build();
        });
    }

    /** The budget ran out during retries: the attempts before already counted as the failures they were. */
    private static final class BudgetSpent extends InferenceUnavailable {
        BudgetSpent(String model) {
            super("model " + model + ": failed until the request's time budget was spent");
        }
    }

    private Uni<ModelAnswer> attempt(String model, float[][] input, Deadline deadline, int attempt) {
        if (deadline.passed() && attempt > 0) {
            return Uni.createFrom().failure(new BudgetSpent(model));
        }
        if (deadline.passed()) {
            metrics.attempted(model, "budget_spent");
            return Uni.createFrom().failure(InferTransport.overloaded(InferTransport.DEFAULT_RETRY_AFTER_SECONDS));
        }
        return transport
                .infer(model, input, deadline.remaining())
                .ifNoItem()
                .after(deadline.remaining())
                .fail()
                .map(answer -> new ModelAnswer(rows(model, answer.values(), input.length), answer.version()))
                .onItem()
                .invoke(probabilities -> metrics.attempted(model, "ok"))
                .onFailure()
                .transform(e -> {
                    RuntimeException failure = classify(model, e);
                    metrics.attempted(model, outcome(failure));
                    return failure;
                });
    }

    private static String outcome(RuntimeException failure) {
        if (failure instanceof Overloaded) {
            return "overloaded";
        }
        return failure instanceof ConnectionLost ? "connection_lost" : "unavailable";
    }

    /**
     * The answer [N, classes] cut into its rows: ten classes for a digit model, eleven for the
     * detector; a length that is no whole number of rows of at least ten is a broken answer.
     */
    private static float[][] rows(String model, float[] probabilities, int count) {
        int classes = probabilities.length / count;
        if (classes < ModelContract.CLASSES || probabilities.length % count != 0) {
            throw new InferenceUnavailable(
                    "model " + model + " answered " + probabilities.length + " values for " + count + " rows");
        }
        float[][] rows = new float[count][];
        for (int r = 0; r < count; r++) {
            rows[r] = Arrays.copyOfRange(probabilities, r * classes, (r + 1) * classes);
        }
        return rows;
    }

    /** The transports say overloaded or unavailable themselves; what else fails is unavailability. */
    private static RuntimeException classify(String model, Throwable e) {
        if (e instanceof InferenceUnavailable || e instanceof Overloaded) {
            return (RuntimeException) e;
        }
        if (e instanceof TimeoutException) {
            return new InferenceUnavailable("model " + model + ": no answer within the request's budget");
        }
        return new InferenceUnavailable("model " + model + ": " + e);
    }

    /**
     * The model's card with the versions inference serves now; a model that does not answer within
     * two seconds (or fails) is {@code {"name": ..., "available": false}}, so one broken model never
     * hides the others.
     */
    public Uni<Map<String, Object>> card(String model) {
        return api.metadata(model)
                .ifNoItem()
                .after(CARD_TIMEOUT)
                .fail()
                .onFailure(e -> !(e instanceof TimeoutException))
                .retry()
                .atMost(MAX_RETRIES)
                .map(metadata -> {
                    Map<String, Object> card =
                            new LinkedHashMap<>(metadata.card() == null ? Map.of("name", model) : metadata.card());
                    card.put("versions", metadata.versions() == null ? List.of() : metadata.versions());
                    card.put("available", true);
                    return card;
                })
                .onFailure()
                .recoverWithItem(() -> Map.of("name", model, "available", false));
    }

    /** Whether the inference service says it is ready, asked with a one-second timeout; never throws. */
    public boolean ready() {
        return api.ready()
                .ifNoItem()
                .after(READY_TIMEOUT)
                .fail()
                .map(body -> true)
                .onFailure()
                .recoverWithItem(false)
                .await()
                .indefinitely();
    }
}
