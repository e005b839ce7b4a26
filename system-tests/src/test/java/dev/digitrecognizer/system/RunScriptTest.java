package dev.digitrecognizer.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Ctrl-C on run.sh stops everything it started. */
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
}
