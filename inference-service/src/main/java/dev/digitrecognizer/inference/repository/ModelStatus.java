package dev.digitrecognizer.inference.repository;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One model as the index and health show it: its state, the versions it serves, and {@code
 * reason}, why its last load failed, or empty.
 */
public record ModelStatus(String name, State state, SortedSet<Long> versions, String reason) {
    public enum State {
        LOADING,
        READY,
        UNAVAILABLE,
        UNLOADED,
        UNKNOWN
    }

    /**
     * A model in the repository: ready while it serves a version; otherwise unloaded by the API,
     * unavailable after a failed load, or still loading.
     */
    static ModelStatus of(String name, Set<Long> served, boolean unloaded, String failure) {
        State state;
        if (!served.isEmpty()) {
            state = State.READY;
        } else if (unloaded) {
            state = State.UNLOADED;
        } else if (failure != null) {
            state = State.UNAVAILABLE;
        } else {
            state = State.LOADING;
        }
        return new ModelStatus(name, state, new TreeSet<>(served), failure == null ? "" : failure);
    }
}
