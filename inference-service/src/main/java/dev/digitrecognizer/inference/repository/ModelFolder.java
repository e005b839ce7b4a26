package dev.digitrecognizer.inference.repository;

import dev.digitrecognizer.inference.repository.ModelConfig.VersionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One model's folder in the repository, as it is on disk now: its config.pbtxt, its numbered
 * version folders, and a fingerprint of both, so a rescan reloads only what changed.
 */
record ModelFolder(Path path, String name) {
    /** The config text, and each version folder's files by name, size and modification time. */
    record Fingerprint(String config, Map<String, List<Object>> files) {
        List<Object> version(long version) {
            return files.get(Long.toString(version));
        }
    }

    static ModelFolder in(Path root, String name) {
        return new ModelFolder(root.resolve(name), name);
    }

    /** A folder with a config.pbtxt; the name is a folder name, never a path, as clients pass it. */
    boolean exists() {
        return !name.isEmpty()
                && !name.contains("/")
                && !name.contains("\\")
                && !name.startsWith(".")
                && Files.isRegularFile(path.resolve(ConfigFile.NAME));
    }

    Fingerprint fingerprint() throws IOException {
        Map<String, List<Object>> files = new TreeMap<>();
        try (Stream<Path> children = Files.list(path)) {
            for (Path child : children.filter(Files::isDirectory).toList()) {
                List<Object> stamps = new ArrayList<>();
                try (Stream<Path> inside = Files.list(child)) {
                    for (Path file :
                            inside.filter(Files::isRegularFile).sorted().toList()) {
                        stamps.add(List.of(
                                file.getFileName().toString(),
                                Files.size(file),
                                Files.getLastModifiedTime(file).toMillis()));
                    }
                }
                files.put(child.getFileName().toString(), stamps);
            }
        }
        return new Fingerprint(Files.readString(path.resolve(ConfigFile.NAME)), files);
    }

    /** The version folders the policy selects; each must exist, and there must be one. */
    SortedSet<Long> versions(VersionPolicy policy) throws IOException {
        SortedSet<Long> available = new TreeSet<>();
        try (Stream<Path> children = Files.list(path)) {
            children.filter(Files::isDirectory)
                    .map(child -> child.getFileName().toString())
                    .filter(child -> child.matches("\\d{1,18}"))
                    .forEach(child -> available.add(Long.parseLong(child)));
        }
        SortedSet<Long> chosen = policy.select(available);
        for (long version : chosen) {
            if (!available.contains(version)) {
                throw new IllegalArgumentException(
                        ConfigFile.NAME + ": version_policy names version " + version + ", which has no folder");
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("the model has no version folder to serve");
        }
        return chosen;
    }
}
