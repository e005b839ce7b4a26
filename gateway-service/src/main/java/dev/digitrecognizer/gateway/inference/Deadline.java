package dev.digitrecognizer.gateway.inference;

import java.time.Duration;

/**
 * When a request must have its answer: its total budget from arrival. Each call to the inference
 * service waits at most what is left, so a queue under load makes answers slower before any fails.
 */
public record Deadline(long atNanos) {

    public static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    public boolean passed() {
        return atNanos - System.nanoTime() <= 0;
    }
}
