package dev.digitrecognizer.inference;

import dev.digitrecognizer.fixtures.ServedModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** Model repositories a test builds under target/ from the committed models and configs of its own. */
final class TempRepository {
    private final Path root;

    private TempRepository(Path root) {
        this.root = root;
    }

    static TempRepository create() {
        try {
            return new TempRepository(Files.createDirectories(
                    Path.of("target", "repositories", UUID.randomUUID().toString())
                            .toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A repository at a fixed place, emptied first, for a test that changes it while the service
     * runs: its profile and its methods each open it by name.
     */
    static TempRepository named(String name) {
        Path root = Path.of("target", "repositories", name).toAbsolutePath();
        try {
            if (Files.exists(root)) {
                try (var files = Files.walk(root)) {
                    for (Path path :
                            files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            return new TempRepository(Files.createDirectories(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository {@link #named} made, as it is now. */
    static TempRepository existing(String name) {
        return new TempRepository(Path.of("target", "repositories", name).toAbsolutePath());
    }

    Path root() {
        return root;
    }

    /** The committed config.pbtxt of {@code source}, renamed; tests edit it for their own models. */
    static String committedConfig(String source, String name) {
        try {
            return Files.readString(ServedModels.repository().resolve(source).resolve("config.pbtxt"))
                    .replace("name: \"" + source + "\"", "name: \"" + name + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model folder with this config.pbtxt and no versions yet. */
    TempRepository config(String name, String configText) {
        try {
            Files.createDirectories(root.resolve(name));
            Files.writeString(root.resolve(name).resolve("config.pbtxt"), configText);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Version {@code version} of {@code name}: the committed model.onnx of {@code source}. */
    TempRepository version(String name, long version, String source) {
        try {
            Path folder = Files.createDirectories(root.resolve(name).resolve(Long.toString(version)));
            Files.copy(
                    ServedModels.repository().resolve(source).resolve("1/model.onnx"),
                    folder.resolve("model.onnx"),
                    StandardCopyOption.REPLACE_EXISTING);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Drops in a version as an operator should: built beside the repository, then moved into the
     * model folder in one rename, so a rescan never sees half a folder.
     */
    void dropIn(String name, long version, String source) {
        try {
            Path staging = Files.createDirectories(root.resolveSibling(root.getFileName() + "-staging"));
            Path folder = Files.createDirectories(staging.resolve(name + "-" + version));
            Files.copy(
                    ServedModels.repository().resolve(source).resolve("1/model.onnx"),
                    folder.resolve("model.onnx"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(folder, root.resolve(name).resolve(Long.toString(version)), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A version whose model.onnx is not an ONNX model. */
    TempRepository corruptVersion(String name, long version) {
        try {
            Path folder = Files.createDirectories(root.resolve(name).resolve(Long.toString(version)));
            Files.writeString(folder.resolve("model.onnx"), "this is not an ONNX model");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A version folder with no model file in it. */
    TempRepository emptyVersion(String name, long version) {
        try {
            Files.createDirectories(root.resolve(name).resolve(Long.toString(version)));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String name, long version) {
        try (var files = Files.walk(root.resolve(name).resolve(Long.toString(version)))) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
