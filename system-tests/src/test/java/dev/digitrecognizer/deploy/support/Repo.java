package dev.digitrecognizer.deploy.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the deployment files live in; surefire passes its root as {@code repo.root}. */
public final class Repo {

    private static final Path ROOT = locateRoot();

    private Repo() {}

    public static Path root() {
        return ROOT;
    }

    public static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    public static String read(String relative) {
        return read(path(relative));
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + ROOT.relativize(file.toAbsolutePath().normalize()), e);
        }
    }

    private static Path locateRoot() {
        String configured = System.getProperty("repo.root");
        Path root = configured != null
                ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent();
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("k8s")) && !Files.exists(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("repo.root " + root + " does not look like the repository root");
        }
        return root;
    }
}
