package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.when;

import java.util.Arrays;
import java.util.function.DoublePredicate;

/** Reads the service's Prometheus metrics, and waits for one to reach a value: a mechanism, not a sleep. */
final class Metrics {
    private static final long TIMEOUT_NANOS = 60_000_000_000L;

    private Metrics() {}

    /** The value of the series whose labels include all of {@code labels} ("model=\"x\""), or 0 if absent. */
    static double value(String name, String... labels) {
        return when().get("/q/metrics")
                .then()
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> Arrays.stream(labels)
                        .allMatch(label -> line.substring(0, line.indexOf('}')).contains(label)))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }

    /** Waits until the series satisfies {@code condition}; the timeout only stops a hang. */
    static void await(DoublePredicate condition, String name, String... labels) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        double last;
        while (!condition.test(last = value(name, labels))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " " + Arrays.toString(labels) + " stayed at " + last);
            }
            Thread.sleep(20);
        }
    }

    static String model(String name) {
        return "model=\"" + name + "\"";
    }
}
