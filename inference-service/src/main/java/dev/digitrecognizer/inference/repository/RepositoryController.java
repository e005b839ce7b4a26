package dev.digitrecognizer.inference.repository;

import dev.digitrecognizer.inference.backend.ModelLoader;
import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.config.InferenceConfig;
import dev.digitrecognizer.inference.config.InferenceConfig.ModelControlMode;
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
import java.util.List;
import java.util.Locale;
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
 * The model repository's control, as Triton's model control has it: all models are loaded in the
 * background at start-up; in {@code explicit} mode the API loads, reloads and unloads them, and in
 * {@code poll} mode a rescan does. A (re)load reads config.pbtxt, opens and warms up every new or
 * changed version its version policy selects, and only then swaps them into {@link
 * ServedVersions}; the versions it replaces finish their queues on their own sessions, closed
 * afterwards. A model that fails to load keeps what it served, and says why. It keeps the
 * fingerprints of what is on disk, and the gauges of sessions and load times.
 */
@ApplicationScoped
public class RepositoryController {
    private static final Logger LOG = Logger.getLogger(RepositoryController.class);

    /** What was on disk when the model last loaded, and when it last failed to. */
    private static final class OnDisk {
        ModelFolder.Fingerprint loaded;
        ModelFolder.Fingerprint failed;
    }

    private final InferenceConfig config;
    private final MeterRegistry meters;
    private final ModelLoader loader;
    private final ServedVersions served;
    private final Path root;
    private final SortedMap<String, OnDisk> models = new ConcurrentSkipListMap<>();
    private final ConcurrentMap<String, AtomicInteger> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Double> loadSeconds = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private ScheduledExecutorService poller;
    private volatile boolean stopping;

    RepositoryController(InferenceConfig config, MeterRegistry meters, ModelLoader loader, ServedVersions served) {
        this.config = config;
        this.meters = meters;
        this.loader = loader;
        this.served = served;
        this.root = Path.of(config.modelRepository()).toAbsolutePath().normalize();
    }

    void onStart(@Observes StartupEvent event) {
        CompletableFuture.runAsync(() -> {
            scan(true);
            served.scanned();
            LOG.infof("model repository %s: %s", root, served.statuses());
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
        served.stop();
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
                        models.remove(name);
                        served.remove(name);
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
            if (!served.unload(name)) {
                throw notInRepository(name);
            }
            OnDisk disk = models.get(name);
            disk.loaded = null;
            disk.failed = null;
            LOG.infof("model %s is unloaded", name);
        }
    }

    private static RepositoryError notInRepository(String name) {
        return new RepositoryError(
                RepositoryError.Kind.NOT_IN_REPOSITORY, "model '" + name + "' is not in the model repository");
    }

    private void reload(String name, boolean force) {
        ModelFolder folder = ModelFolder.in(root, name);
        if (!folder.exists()) {
            throw notInRepository(name);
        }
        synchronized (lifecycle) {
            OnDisk disk = models.computeIfAbsent(name, this::register);
            served.track(name);
            ModelFolder.Fingerprint fingerprint;
            try {
                fingerprint = folder.fingerprint();
            } catch (IOException e) {
                throw fail(name, disk, null, e);
            }
            if (!force && (fingerprint.equals(disk.loaded) || fingerprint.equals(disk.failed))) {
                return;
            }
            long start = System.nanoTime();
            List<ServedVersions.Version> opened = new ArrayList<>();
            try {
                ModelConfig modelConfig = ConfigFile.parse(fingerprint.config(), name);
                SortedMap<Long, ServedVersions.Version> current = served.served(name);
                SortedMap<Long, ServedVersions.Version> next = new TreeMap<>();
                boolean sameConfig = disk.loaded != null && disk.loaded.config().equals(fingerprint.config());
                for (long version : folder.versions(modelConfig.versionPolicy())) {
                    ServedVersions.Version kept = current.get(version);
                    if (kept != null
                            && sameConfig
                            && fingerprint.version(version).equals(disk.loaded.version(version))) {
                        next.put(version, kept);
                        continue;
                    }
                    ServedModel model = loader.open(folder.path(), name, version, modelConfig, () -> stopping);
                    ServedVersions.Version fresh = new ServedVersions.Version(
                            model,
                            loader.schedule(
                                    model,
                                    served.statisticsOf(name, version),
                                    () -> sessions.get(name).decrementAndGet()));
                    sessions.get(name).incrementAndGet();
                    opened.add(fresh);
                    next.put(version, fresh);
                }
                served.swap(name, next);
                disk.loaded = fingerprint;
                disk.failed = null;
                double seconds = (System.nanoTime() - start) / 1e9;
                loadSeconds.put(name, seconds);
                LOG.infof("loaded model %s versions %s in %.2f s", name, next.keySet(), seconds);
            } catch (Exception | LinkageError e) {
                opened.forEach(v -> v.batcher().drain());
                throw fail(name, disk, fingerprint, e);
            }
        }
    }

    /** Records and logs why the model failed to load, and gives the error for the caller to throw. */
    private RepositoryError fail(String name, OnDisk disk, ModelFolder.Fingerprint fingerprint, Throwable e) {
        String reason = ModelLoader.reason(e);
        served.failed(name, reason);
        disk.failed = fingerprint;
        SortedMap<Long, ServedVersions.Version> kept = served.served(name);
        LOG.errorf(
                e,
                "model %s failed to load%s",
                name,
                kept.isEmpty() ? " and is not served" : "; it keeps serving versions " + kept.keySet());
        return new RepositoryError(RepositoryError.Kind.LOAD_FAILED, "model '" + name + "' failed to load: " + reason);
    }

    /** The model's session and load-time gauges, registered once per name and read across reloads. */
    private OnDisk register(String name) {
        Gauge.builder(
                        "inference.model.sessions",
                        sessions.computeIfAbsent(name, n -> new AtomicInteger()),
                        AtomicInteger::get)
                .description("Open ONNX Runtime sessions of the model: its served versions and those still draining")
                .tag("model", name)
                .register(meters);
        Gauge.builder("inference.model.load.seconds", this, control -> control.loadSeconds.getOrDefault(name, 0.0))
                .description("Load and warm-up time of the model's last (re)load")
                .tag("model", name)
                .register(meters);
        return new OnDisk();
    }
}
