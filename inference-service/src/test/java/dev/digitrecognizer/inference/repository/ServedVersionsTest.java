package dev.digitrecognizer.inference.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.config.InferenceConfig.ReadyWhen;
import dev.digitrecognizer.inference.repository.ModelStatus.State;
import dev.digitrecognizer.inference.scheduler.BatchWorkers;
import dev.digitrecognizer.inference.scheduler.BatcherMetrics;
import dev.digitrecognizer.inference.scheduler.DynamicBatcher;
import dev.digitrecognizer.inference.scheduler.FakeRunner;
import dev.digitrecognizer.inference.scheduler.Rejection;
import dev.digitrecognizer.inference.scheduler.Submission;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The routing table alone, without Quarkus: states, readiness and where a request goes. Each
 * version is a committed model's session under a {@link FakeRunner} scheduler, which answers a row
 * with itself, so a test reads which version ran a request from its answer's model.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServedVersionsTest {
    private static final String MODEL = ServedModels.digitModels().get(0);
    private static final String OTHER = ServedModels.digitModels().get(1);

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final ServedVersions table = new ServedVersions(ReadyWhen.ALL_MODELS, meters);
    private final Map<ServedVersions.Version, FakeRunner> runners = new HashMap<>();
    private final List<ServedModel> sessions = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        table.stop();
        for (ServedModel model : sessions) {
            model.close();
        }
    }

    @Test
    void aModelIsLoadingUntilItServesAVersion() throws Exception {
        table.track(MODEL);
        table.scanned();
        assertEquals(State.LOADING, table.status(MODEL).state());
        assertFalse(table.ready());
        table.swap(MODEL, versions(MODEL, 1));
        assertEquals(State.READY, table.status(MODEL).state());
        assertEquals(new TreeSet<>(List.of(1L)), table.status(MODEL).versions());
        assertTrue(table.ready());
    }

    @Test
    void aModelNotInTheRepositoryIsLoadingUntilTheFirstScanThenUnknown() {
        assertEquals(State.LOADING, table.status("absent").state());
        assertTrue(table.loading());
        table.scanned();
        assertEquals(State.UNKNOWN, table.status("absent").state());
        assertFalse(table.loading());
    }

    @Test
    void anUnversionedRequestGoesToTheHighestServedVersion() throws Exception {
        serve(MODEL, 1, 2);
        assertEquals(2, table.model(MODEL, null).orElseThrow().version());
        ServedModel first = table.model(MODEL, 1L).orElseThrow();
        Submission submission = table.infer(first, false, new float[] {7}, 1, 0);
        assertEquals(2, submission.model().version());
        assertArrayEquals(new float[] {7}, submission.result().get());
        assertEquals(1, table.infer(first, true, new float[] {7}, 1, 0).model().version());
    }

    @Test
    void aSwapDrainsTheVersionItReplacesAndRoutesToTheNewOne() throws Exception {
        SortedMap<Long, ServedVersions.Version> old = versions(MODEL, 1);
        table.track(MODEL);
        table.swap(MODEL, old);
        ServedModel retired = table.model(MODEL, 1L).orElseThrow();
        table.swap(MODEL, versions(MODEL, 2));
        runners.get(old.get(1L)).awaitClosed();
        assertTrue(table.model(MODEL, 1L).isEmpty());
        assertEquals(
                2, table.infer(retired, false, new float[] {3}, 1, 0).model().version());
        Rejection pinned = assertThrows(Rejection.class, () -> table.infer(retired, true, new float[] {3}, 1, 0));
        assertEquals(Rejection.Kind.UNLOADED, pinned.kind());
        assertEquals(1, table.statistics(MODEL, 1).inferenceStats().fail().count());
    }

    @Test
    void aFailedLoadKeepsServingWhatWasServedAndSaysWhy() throws Exception {
        serve(MODEL, 1);
        table.failed(MODEL, "the model has no version folder to serve");
        ModelStatus status = table.status(MODEL);
        assertEquals(State.READY, status.state());
        assertEquals("the model has no version folder to serve", status.reason());
        assertTrue(table.model(MODEL, null).isPresent());
    }

    @Test
    void aModelThatFailedAndServesNothingKeepsTheServerUnready() throws Exception {
        serve(MODEL, 1);
        table.track(OTHER);
        table.failed(OTHER, "a file of the model could not be read");
        assertEquals(State.UNAVAILABLE, table.status(OTHER).state());
        assertFalse(table.ready());
    }

    @Test
    void withReadyWhenAnyModelOneServedModelMakesTheServerReady() throws Exception {
        ServedVersions anyModel = new ServedVersions(ReadyWhen.ANY_MODEL, meters);
        anyModel.track(MODEL);
        anyModel.track(OTHER);
        anyModel.failed(OTHER, "a file of the model could not be read");
        assertFalse(anyModel.ready());
        anyModel.swap(MODEL, versions(MODEL, 1));
        assertTrue(anyModel.ready());
        anyModel.stop();
    }

    @Test
    void aModelUnloadedByTheApiIsListedButDoesNotKeepTheServerUnready() throws Exception {
        serve(MODEL, 1);
        SortedMap<Long, ServedVersions.Version> other = versions(OTHER, 1);
        table.track(OTHER);
        table.swap(OTHER, other);
        assertTrue(table.unload(OTHER));
        runners.get(other.get(1L)).awaitClosed();
        assertEquals(State.UNLOADED, table.status(OTHER).state());
        assertTrue(table.model(OTHER, null).isEmpty());
        assertTrue(table.ready());
        assertFalse(table.unload("absent"));
    }

    @Test
    void aModelThatLeftTheRepositoryIsNoLongerListed() throws Exception {
        serve(MODEL, 1);
        serve(OTHER, 1);
        table.remove(OTHER);
        assertEquals(
                List.of(MODEL), table.statuses().stream().map(ModelStatus::name).toList());
        assertEquals(State.UNKNOWN, table.status(OTHER).state());
    }

    private void serve(String name, long... numbers) throws Exception {
        table.track(name);
        table.swap(name, versions(name, numbers));
        table.scanned();
    }

    /** Versions of the committed model {@code name}, each its own session and scheduler. */
    private SortedMap<Long, ServedVersions.Version> versions(String name, long... numbers) throws Exception {
        Path folder = ServedModels.repository().resolve(name);
        ModelConfig config = ConfigFile.parse(Files.readString(folder.resolve(ConfigFile.NAME)), name);
        SortedMap<Long, ServedVersions.Version> versions = new TreeMap<>();
        for (long number : numbers) {
            ServedModel model = new ServedModel(
                    name,
                    number,
                    config,
                    Map.of(),
                    OrtEnvironment.getEnvironment()
                            .createSession(folder.resolve("1")
                                    .resolve(config.fileName())
                                    .toString()));
            sessions.add(model);
            FakeRunner runner = new FakeRunner();
            ServedVersions.Version version = new ServedVersions.Version(
                    model,
                    new DynamicBatcher(
                            runner,
                            new BatchWorkers.Policy(1, null, new TreeSet<>()),
                            ModelConfig.QueuePolicy.NONE,
                            1,
                            new BatcherMetrics(name, meters, table.statisticsOf(name, number)),
                            () -> {}));
            runners.put(version, runner);
            versions.put(number, version);
        }
        return versions;
    }
}
