package dev.digitrecognizer.inference.repository;

/** Why a model control call (load, unload) did not do what it asked; the protocol layer gives each kind its status. */
public final class RepositoryError extends RuntimeException {
    public enum Kind {
        /** The repository has no folder of that name with a config.pbtxt. */
        NOT_IN_REPOSITORY,
        /** The model failed to load and keeps serving what it served before, if anything. */
        LOAD_FAILED,
        /** The model control mode does not take load and unload calls. */
        CONTROL_DISABLED
    }

    private final Kind kind;

    RepositoryError(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
