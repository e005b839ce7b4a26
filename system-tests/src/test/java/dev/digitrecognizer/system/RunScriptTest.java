package dev.digitrecognizer.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ctrl-C or SIGTERM on run.sh stops everything it started, without cutting a request. */
class RunScriptTest {

    @Test
    void ctrlCStopsBothServices() {
        RunningSystem.Instance system = RunningSystem.start();
        assertEquals(200, RunningSystem.status(system.url() + "/q/health/ready"));
        assertEquals(200, RunningSystem.status(system.inferenceUrl() + "/v2/health/ready"));

        assertEquals(130, system.interrupt(), "run.sh exits as interrupted");

        assertEquals(-1, RunningSystem.status(system.url() + "/q/health/live"), "gateway stopped");
        assertEquals(-1, RunningSystem.status(system.inferenceUrl() + "/v2/health/live"), "inference stopped");
    }

    @Test
    void sigtermAnswersEveryRequestInFlightBeforeBothServicesStop() throws Exception {
        RunningSystem.Instance system = RunningSystem.start();
        String body = new ObjectMapper().writeValueAsString(Map.of("image", Api.canvas(7)));
        Load load = Load.start(URI.create(system.url() + "/api/v1/predict"), body, 16);
        while (load.outcomes().stream().filter(Load.Outcome::answered).count() < 16) {
            RunningSystem.sleep(20);
        }
        long signalled = System.nanoTime();
        assertEquals(143, system.terminate(), "run.sh exits as terminated");
        List<Load.Outcome> outcomes = load.stop();

        List<Load.Outcome> inFlight =
                outcomes.stream().filter(o -> o.inFlightAt(signalled)).toList();
        assertTrue(inFlight.size() >= 8, "too few requests in flight at the signal: " + inFlight.size());
        assertEquals(
                List.of(),
                inFlight.stream().filter(o -> !o.answered()).toList(),
                "requests in flight at SIGTERM that were not answered 200");
        assertTrue(system.log().contains("drained: the "), "no drain in the log:\n" + system.log());
    }
}
