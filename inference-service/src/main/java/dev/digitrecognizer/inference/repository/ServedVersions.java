package dev.digitrecognizer.inference.repository;

import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.config.InferenceConfig.ReadyWhen;
import dev.digitrecognizer.inference.repository.ModelStatus.State;
import dev.digitrecognizer.inference.scheduler.DynamicBatcher;
import dev.digitrecognizer.inference.scheduler.Rejection;
import dev.digitrecognizer.inference.scheduler.RequestQueue;
import dev.digitrecognizer.inference.scheduler.Submission;
import dev.digitrecognizer.inference.scheduler.VersionStatistics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The routing table of served versions, as Triton's model lifecycle keeps it: which versions of
 * which model take requests, each model's state and why its last load failed, whether the server
 * is ready ({@code inference.ready-when}), and where a request goes: the version it names or the
 * highest served one. {@link RepositoryController} decides what is served and swaps it in here;
 * the versions a swap replaces finish their queues and close on their own. The queue gauge and
 * each version's statistics live here, next to the queues they read.
 */
@ApplicationScoped
public class ServedVersions {
    /** A served version and the scheduler that owns its session. */
    record Version(ServedModel model, DynamicBatcher batcher) {}

    private record VersionKey(String name, long version) {}

    /** A request in a version's queue, and the version that runs it. */
    private record Queued(RequestQueue.Request request, ServedModel model) implements Submission {
        @Override
        public CompletableFuture<float[]> result() {
            return request.result();
        }

        @Override
        public void cancel() {
            request.cancel();
        }
    }

    private static final class Entry {
        volatile SortedMap<Long, Version> versions = Collections.emptySortedMap();
        volatile String failure;
        volatile boolean unloaded;
    }

    private final ReadyWhen readyWhen;
    private final MeterRegistry meters;
    private final SortedMap<String, Entry> models = new ConcurrentSkipListMap<>();
    private final ConcurrentMap<VersionKey, VersionStatistics> statistics = new ConcurrentHashMap<>();
    private volatile boolean scanned;

    @Inject
    ServedVersions(InferenceConfig config, MeterRegistry meters) {
        this(config.readyWhen(), meters);
    }

    ServedVersions(ReadyWhen readyWhen, MeterRegistry meters) {
        this.readyWhen = readyWhen;
        this.meters = meters;
    }

    /** The model is in the repository: it shows as loading until it is served or fails. */
    void track(String name) {
        models.computeIfAbsent(name, this::register);
    }

    /** The model's queue gauge, registered once per name and read through the table across reloads. */
    private Entry register(String name) {
        Gauge.builder("inference.queue.pending", this, table -> table.pending(name))
                .description("Requests queued for the model and not yet started")
                .tag("model", name)
                .register(meters);
        return new Entry();
    }

    /** The versions the model serves now, by number; empty if none. */
    SortedMap<Long, Version> served(String name) {
        Entry entry = models.get(name);
        return entry == null ? Collections.emptySortedMap() : entry.versions;
    }

    /** Serves {@code next} from now on; the versions it does not keep finish their queues, then close. */
    void swap(String name, SortedMap<Long, Version> next) {
        Entry entry = models.get(name);
        SortedMap<Long, Version> old = entry.versions;
        entry.versions = Collections.unmodifiableSortedMap(next);
        entry.failure = null;
        entry.unloaded = false;
        old.forEach((version, v) -> {
            if (next.get(version) != v) {
                v.batcher().drain();
            }
        });
    }

    /** The model's last load failed for {@code reason}; it keeps serving what it served. */
    void failed(String name, String reason) {
        Entry entry = models.get(name);
        entry.failure = reason;
        entry.unloaded = false;
    }

    /** Stops serving the model, which stays in the index as unloaded; false if it is not tracked. */
    boolean unload(String name) {
        Entry entry = models.get(name);
        if (entry == null) {
            return false;
        }
        entry.unloaded = true;
        retire(entry);
        return true;
    }

    /** The model left the repository: it is no longer served nor listed. */
    void remove(String name) {
        retire(models.remove(name));
    }

    private static void retire(Entry entry) {
        if (entry == null) {
            return;
        }
        SortedMap<Long, Version> old = entry.versions;
        entry.versions = Collections.emptySortedMap();
        old.values().forEach(v -> v.batcher().drain());
    }

    /** At shutdown: every version stops at once. */
    void stop() {
        models.values()
                .forEach(entry ->
                        entry.versions.values().forEach(v -> v.batcher().stop()));
    }

    /** The repository has been read once: a model not tracked from now on is unknown, not loading. */
    void scanned() {
        scanned = true;
    }

    private int pending(String name) {
        return served(name).values().stream()
                .mapToInt(v -> v.batcher().pending())
                .sum();
    }

    /** A version's statistics, made with its meters the first time it is served, and kept from then on. */
    VersionStatistics statisticsOf(String name, long version) {
        return statistics.computeIfAbsent(
                new VersionKey(name, version),
                key -> new VersionStatistics(name, version, meters, () -> {
                    Version served = served(name).get(version);
                    return served == null ? 0 : served.batcher().pending();
                }));
    }

    /** Triton's statistics of a version this server serves or has served. */
    public VersionStatistics.Snapshot statistics(String name, long version) {
        return statisticsOf(name, version).snapshot();
    }

    /**
     * Every model that should be served is (or, with {@code inference.ready-when=any-model}, one
     * is): a model that failed to load and serves nothing keeps the server unready; one unloaded
     * by the API is not expected.
     */
    public boolean ready() {
        List<ModelStatus> statuses = statuses();
        boolean anyReady = statuses.stream().anyMatch(s -> s.state() == State.READY);
        if (readyWhen == ReadyWhen.ANY_MODEL) {
            return anyReady;
        }
        return scanned
                && anyReady
                && statuses.stream().allMatch(s -> s.state() == State.READY || s.state() == State.UNLOADED);
    }

    public boolean loading() {
        return !scanned;
    }

    public List<ModelStatus> statuses() {
        List<ModelStatus> statuses = new ArrayList<>();
        models.forEach((name, entry) -> statuses.add(status(name, entry)));
        return statuses;
    }

    private static ModelStatus status(String name, Entry entry) {
        return ModelStatus.of(name, entry.versions.keySet(), entry.unloaded, entry.failure);
    }

    public ModelStatus status(String name) {
        Entry entry = models.get(name);
        if (entry == null) {
            return new ModelStatus(name, scanned ? State.UNKNOWN : State.LOADING, new TreeSet<>(), "");
        }
        return status(name, entry);
    }

    /** The version, or with {@code version} null the highest one served. */
    public Optional<ServedModel> model(String name, Long version) {
        return Optional.ofNullable(version != null ? served(name).get(version) : latest(served(name)))
                .map(Version::model);
    }

    private static Version latest(SortedMap<Long, Version> versions) {
        return versions.isEmpty() ? null : versions.get(versions.lastKey());
    }

    /**
     * Queues rows for the version (with {@code pinned}) or the model's highest served version, the
     * one that replaced it if a reload retired it meanwhile; {@code timeoutMicros} 0 is none.
     */
    public Submission infer(ServedModel model, boolean pinned, float[] input, int rows, long timeoutMicros) {
        while (true) {
            SortedMap<Long, Version> versions = served(model.name());
            Version target = pinned ? versions.get(model.version()) : latest(versions);
            if (target == null) {
                Rejection unloaded = Rejection.unloaded(
                        pinned
                                ? "version " + model.version() + " of model '" + model.name() + "'"
                                : "model '" + model.name() + "'");
                statisticsOf(model.name(), model.version()).rejected(unloaded, 0);
                throw unloaded;
            }
            RequestQueue.Request request = target.batcher().submit(input, rows, timeoutMicros);
            if (request != null) {
                return new Queued(request, target.model());
            }
        }
    }
}
