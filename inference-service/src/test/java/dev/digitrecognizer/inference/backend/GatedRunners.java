package dev.digitrecognizer.inference.backend;

import dev.digitrecognizer.inference.scheduler.ModelRunner;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * For a {@code @QuarkusTest} whose profile enables it: each version's runs go through a gate the
 * test owns. {@link #block} closes a model's gate, so its next run waits inside the runner with
 * its request claimed, and the requests after it stay queued; {@link #awaitRun} waits until a
 * worker is in there; {@link #open} lets it run. The queue then fills by a mechanism, not timing.
 */
@Alternative
@Singleton
public class GatedRunners extends ModelRunners {
    private record Gate(CountDownLatch entered, CountDownLatch open) {}

    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    public static void block(String model) {
        GATES.put(model, new Gate(new CountDownLatch(1), new CountDownLatch(1)));
    }

    /** Waits until one of the model's workers is inside a run that {@link #block} holds. */
    public static void awaitRun(String model) throws InterruptedException {
        GATES.get(model).entered().await();
    }

    public static void open(String model) {
        Gate gate = GATES.remove(model);
        if (gate != null) {
            gate.open().countDown();
        }
    }

    @Override
    ModelRunner of(ServedModel model) {
        return new ModelRunner() {
            @Override
            public String name() {
                return model.name();
            }

            @Override
            public long version() {
                return model.version();
            }

            @Override
            public int inputWidth() {
                return model.inputWidth();
            }

            @Override
            public int outputWidth() {
                return model.outputWidth();
            }

            @Override
            public ModelRunner.Run run(float[] input, int rows) throws Exception {
                Gate gate = GATES.get(model.name());
                if (gate != null) {
                    gate.entered().countDown();
                    gate.open().await();
                }
                return model.run(input, rows);
            }

            @Override
            public void close() throws Exception {
                model.close();
            }
        };
    }
}
