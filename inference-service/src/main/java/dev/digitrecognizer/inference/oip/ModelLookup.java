package dev.digitrecognizer.inference.oip;

import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.oip.OipErrors.ModelNotFound;
import dev.digitrecognizer.inference.oip.OipErrors.ModelNotReady;
import dev.digitrecognizer.inference.repository.ModelStatus;
import dev.digitrecognizer.inference.repository.ServedVersions;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** The served version a request names, or the refusal that says why there is none: REST and gRPC alike. */
@Singleton
class ModelLookup {
    private final ServedVersions servedVersions;

    ModelLookup(ServedVersions servedVersions) {
        this.servedVersions = servedVersions;
    }

    /** The model's highest served version, or the one {@code version} names (null or empty: none named). */
    ServedModel served(String name, String version) {
        boolean named = version != null && !version.isEmpty();
        ModelStatus status = servedVersions.status(name);
        Optional<ServedModel> model = servedVersions.model(name, named ? parseVersion(name, version) : null);
        if (model.isPresent()) {
            return model.get();
        }
        switch (status.state()) {
            case LOADING -> throw new ModelNotReady("model '" + name + "' is still loading");
            case UNAVAILABLE -> throw new ModelNotReady("model '" + name + "' failed to load: " + status.reason());
            case UNLOADED -> throw new ModelNotReady("model '" + name + "' is not loaded");
            case READY -> throw new ModelNotFound("model '" + name + "' has no version '" + version + "'");
            case UNKNOWN -> throw new ModelNotFound("unknown model '" + name + "'");
        }
        throw new IllegalStateException(status.state().name());
    }

    /** The versions of the model served now, as the protocol's metadata lists them. */
    List<String> versions(String name) {
        return servedVersions.status(name).versions().stream()
                .map(String::valueOf)
                .toList();
    }

    private static long parseVersion(String name, String version) {
        if (!version.matches("\\d{1,18}")) {
            throw new ModelNotFound("model '" + name + "' has no version '" + version + "'");
        }
        return Long.parseLong(version);
    }
}
