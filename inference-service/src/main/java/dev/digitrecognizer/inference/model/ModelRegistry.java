package dev.digitrecognizer.inference.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.config.InferenceConfig.ModelControlMode;
import dev.digitrecognizer.inference.config.InferenceConfig.ReadyWhen;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The models of the repository and their lifecycle, as Triton's model control has it: all are
 * loaded in the background at start-up; in {@code explicit} mode the API loads, reloads and
 * unloads them, and in {@code poll} mode a rescan does. A (re)load reads config.pbtxt, opens and
 * warms up every new or changed version its version policy selects, and only then swaps them in;
 * the versions it replaces finish their queues on their own sessions, closed afterwards. A model
 * that fails to load keeps what it served, and says why.
 */
@ApplicationScoped
public class ModelRegistry {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    public enum State {
        LOADING,
        READY,
        UNAVAILABLE,
        UNLOADED,
        UNKNOWN
    }

    /** One model as the index and health show it; {@code reason} is why its last load failed, or empty. */
    public record ModelStatus(String name, State state, SortedSet<Long> versions, String reason) {}

    /** A served version and the scheduler that owns its session. */
    private record Version(ServedModel model, DynamicBatcher batcher) {}

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
        ModelFolder.Fingerprint loaded;
        ModelFolder.Fingerprint failed;
    }

    private final InferenceConfig config;
    private final MeterRegistry meters;
    private final ModelLoader loader;
    private final Path root;
    private final SortedMap<String, Entry> models = new ConcurrentSkipListMap<>();
    private final ConcurrentMap<String, AtomicInteger> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Double> loadSeconds = new ConcurrentHashMap<>();
    private final ConcurrentMap<VersionKey, VersionStatistics> statistics = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private ScheduledExecutorService poller;
    private volatile boolean loaded;
    private volatile boolean stopping;

    ModelRegistry(InferenceConfig config, MeterRegistry meters, ObjectMapper json, ModelRunners runners) {
        this.config = config;
        this.meters = meters;
        this.loader = new ModelLoader(config, json, meters, runners);
        this.root = Path.of(config.modelRepository()).toAbsolutePath().normalize();
    }

    void onStart(@Observes StartupEvent event) {
        CompletableFuture.runAsync(() -> {
            scan(true);
            loaded = true;
            LOG.infof("model repository %s: %s", root, statuses());
            if (config.modelControlMode() == ModelControlMode.POLL && !stopping) {
                poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "model-repository-poll");
                    thread.setDaemon(true);
                    return thread;
                });
                long every = config.repositoryPollInterval().toMillis();
                poller.scheduleWithFixedDelay(() -> scan(false), every, every, TimeUnit.MILLISECONDS);
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (poller != null) {
            poller.shutdownNow();
        }
        models.values()
                .forEach(entry ->
                        entry.versions.values().forEach(v -> v.batcher().stop()));
    }

    /** Loads every model folder; a rescan also reloads changed ones and unloads removed ones. */
    private void scan(boolean firstTime) {
        try {
            SortedSet<String> present = new TreeSet<>();
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(dir -> Files.isRegularFile(dir.resolve(ConfigFile.NAME)))
                        .forEach(dir -> present.add(dir.getFileName().toString()));
            }
            for (String name : present) {
                if (stopping) {
                    return;
                }
                try {
                    reload(name, firstTime);
                } catch (RepositoryError e) {
                    // logged and recorded by reload
                }
            }
            for (String name : new ArrayList<>(models.keySet())) {
                if (!present.contains(name)) {
                    synchronized (lifecycle) {
                        retire(models.remove(name));
                    }
                    LOG.infof("model %s left the repository and is unloaded", name);
                }
            }
        } catch (IOException e) {
            LOG.errorf("model repository %s cannot be read: %s", root, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("scanning the model repository failed", e);
        }
    }

    /** Loads the model, or reloads it if its files changed since it was last loaded; see {@link ModelLoader}. */
    public void load(String name) {
        checkControl();
        reload(name, true);
    }

    /** Only {@code explicit} mode takes load and unload calls: in {@code poll} mode the next scan would undo them. */
    private void checkControl() {
        if (config.modelControlMode() != ModelControlMode.EXPLICIT) {
            throw new RepositoryError(
                    RepositoryError.Kind.CONTROL_DISABLED,
                    "loading and unloading models takes inference.model-control-mode=explicit; this server runs "
                            + config.modelControlMode().name().toLowerCase(Locale.ROOT));
        }
    }

    /** Stops serving the model: its queued requests still finish, then its sessions close. */
    public void unload(String name) {
        checkControl();
        synchronized (lifecycle) {
            Entry entry = models.get(name);
            if (entry == null) {
                throw new RepositoryError(
                        RepositoryError.Kind.NOT_IN_REPOSITORY, "model '" + name + "' is not in the model repository");
            }
            entry.unloaded = true;
            entry.loaded = null;
            entry.failed = null;
            retire(entry);
            LOG.infof("model %s is unloaded", name);
        }
    }

    private void retire(Entry entry) {
        if (entry == null) {
            return;
        }
        SortedMap<Long, Version> old = entry.versions;
        entry.versions = Collections.emptySortedMap();
        old.values().forEach(v -> v.batcher().drain());
    }

    private void reload(String name, boolean force) {
        ModelFolder folder = ModelFolder.in(root, name);
        if (!folder.exists()) {
            throw new RepositoryError(
                    RepositoryError.Kind.NOT_IN_REPOSITORY, "model '" + name + "' is not in the model repository");
        }
        synchronized (lifecycle) {
            Entry entry = models.computeIfAbsent(name, this::register);
            ModelFolder.Fingerprint fingerprint;
            try {
                fingerprint = folder.fingerprint();
            } catch (IOException e) {
                fail(name, entry, null, e);
                throw new RepositoryError(
                        RepositoryError.Kind.LOAD_FAILED, "model '" + name + "' failed to load: " + entry.failure);
            }
            if (!force && (fingerprint.equals(entry.loaded) || fingerprint.equals(entry.failed))) {
                return;
            }
            long start = System.nanoTime();
            List<Version> opened = new ArrayList<>();
            try {
                ModelConfig modelConfig = ConfigFile.parse(fingerprint.config(), name);
                SortedMap<Long, Version> next = new TreeMap<>();
                boolean sameConfig =
                        entry.loaded != null && entry.loaded.config().equals(fingerprint.config());
                for (long version : folder.versions(modelConfig.versionPolicy())) {
                    Version current = entry.versions.get(version);
                    if (current != null
                            && sameConfig
                            && fingerprint.version(version).equals(entry.loaded.version(version))) {
                        next.put(version, current);
                        continue;
                    }
                    ServedModel model = loader.open(folder.path(), name, version, modelConfig, () -> stopping);
                    Version fresh = new Version(
                            model,
                            loader.schedule(
                                    model,
                                    statisticsOf(name, version),
                                    () -> sessions.get(name).decrementAndGet()));
                    sessions.get(name).incrementAndGet();
                    opened.add(fresh);
                    next.put(version, fresh);
                }
                SortedMap<Long, Version> old = entry.versions;
                entry.versions = Collections.unmodifiableSortedMap(next);
                entry.failure = null;
                entry.unloaded = false;
                entry.loaded = fingerprint;
                entry.failed = null;
                old.forEach((version, v) -> {
                    if (next.get(version) != v) {
                        v.batcher().drain();
                    }
                });
                double seconds = (System.nanoTime() - start) / 1e9;
                loadSeconds.put(name, seconds);
                LOG.infof("loaded model %s versions %s in %.2f s", name, next.keySet(), seconds);
            } catch (Exception | LinkageError e) {
                opened.forEach(v -> v.batcher().drain());
                fail(name, entry, fingerprint, e);
                throw new RepositoryError(
                        RepositoryError.Kind.LOAD_FAILED, "model '" + name + "' failed to load: " + entry.failure);
            }
        }
    }

    private void fail(String name, Entry entry, ModelFolder.Fingerprint fingerprint, Throwable e) {
        entry.failure = ModelLoader.reason(e);
        entry.failed = fingerprint;
        entry.unloaded = false;
        LOG.errorf(
                e,
                "model %s failed to load%s",
                name,
                entry.versions.isEmpty()
                        ? " and is not served"
                        : "; it keeps serving versions " + entry.versions.keySet());
    }

    /** The model's meters, registered once per name and read through the registry across reloads. */
    private Entry register(String name) {
        sessions.computeIfAbsent(name, n -> new AtomicInteger());
        Gauge.builder("inference.queue.pending", this, registry -> registry.pending(name))
                .description("Requests queued for the model and not yet started")
                .tag("model", name)
                .register(meters);
        Gauge.builder(
                        "inference.model.sessions",
                        this,
                        registry -> registry.sessions.get(name).get())
                .description("Open ONNX Runtime sessions of the model: its served versions and those still draining")
                .tag("model", name)
                .register(meters);
        Gauge.builder("inference.model.load.seconds", this, registry -> registry.loadSeconds.getOrDefault(name, 0.0))
                .description("Load and warm-up time of the model's last (re)load")
                .tag("model", name)
                .register(meters);
        return new Entry();
    }

    private int pending(String name) {
        Entry entry = models.get(name);
        return entry == null
                ? 0
                : entry.versions.values().stream()
                        .mapToInt(v -> v.batcher().pending())
                        .sum();
    }

    /** A version's statistics, made with its meters the first time it is served, and kept from then on. */
    private VersionStatistics statisticsOf(String name, long version) {
        return statistics.computeIfAbsent(
                new VersionKey(name, version),
                key -> new VersionStatistics(name, version, meters, () -> {
                    Entry entry = models.get(name);
                    Version served = entry == null ? null : entry.versions.get(version);
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
        if (config.readyWhen() == ReadyWhen.ANY_MODEL) {
            return anyReady;
        }
        return loaded
                && anyReady
                && statuses.stream().allMatch(s -> s.state() == State.READY || s.state() == State.UNLOADED);
    }

    public boolean loading() {
        return !loaded;
    }

    public List<ModelStatus> statuses() {
        List<ModelStatus> statuses = new ArrayList<>();
        models.forEach((name, entry) -> statuses.add(status(name, entry)));
        return statuses;
    }

    private static ModelStatus status(String name, Entry entry) {
        SortedMap<Long, Version> versions = entry.versions;
        String reason = entry.failure == null ? "" : entry.failure;
        State state;
        if (!versions.isEmpty()) {
            state = State.READY;
        } else if (entry.unloaded) {
            state = State.UNLOADED;
        } else if (entry.failure != null) {
            state = State.UNAVAILABLE;
        } else {
            state = State.LOADING;
        }
        return new ModelStatus(name, state, new TreeSet<>(versions.keySet()), reason);
    }

    public ModelStatus status(String name) {
        Entry entry = models.get(name);
        if (entry == null) {
            return new ModelStatus(name, loaded ? State.UNKNOWN : State.LOADING, new TreeSet<>(), "");
        }
        return status(name, entry);
    }

    /** The version, or with {@code version} null the highest one served. */
    public Optional<ServedModel> model(String name, Long version) {
        Entry entry = models.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        SortedMap<Long, Version> versions = entry.versions;
        Version chosen =
                version != null ? versions.get(version) : versions.isEmpty() ? null : versions.get(versions.lastKey());
        return Optional.ofNullable(chosen).map(Version::model);
    }

    /**
     * Queues rows for the version (with {@code pinned}) or the model's highest served version, the
     * one that replaced it if a reload retired it meanwhile; {@code timeoutMicros} 0 is none.
     */
    public Submission infer(ServedModel model, boolean pinned, float[] input, int rows, long timeoutMicros) {
        while (true) {
            Entry entry = models.get(model.name());
            SortedMap<Long, Version> versions = entry == null ? Collections.emptySortedMap() : entry.versions;
            Version target = pinned
                    ? versions.get(model.version())
                    : versions.isEmpty() ? null : versions.get(versions.lastKey());
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
