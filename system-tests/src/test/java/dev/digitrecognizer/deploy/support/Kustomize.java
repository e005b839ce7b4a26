package dev.digitrecognizer.deploy.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Renders the kustomize overlays offline with {@code kubectl kustomize} (no cluster is contacted). */
public final class Kustomize {

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {}

    /** The overlay names: every directory under k8s/overlays that holds a kustomization.yaml. */
    public static List<String> overlays() {
        Path dir = Repo.path("k8s/overlays");
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml")))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The rendered YAML stream of one overlay; fails the test with kubectl's stderr if it cannot render. */
    public static String render(String overlay) {
        if (!Processes.onPath("kubectl")) {
            fail("kubectl is not installed: these tests render the overlays with `kubectl kustomize` "
                    + "(kubectl 1.27 or newer, whose kustomize v5 knows `labels` and Components; no cluster needed)");
        }
        Processes.Result result = Processes.run(
                List.of("kubectl", "kustomize", "k8s/overlays/" + overlay), Map.of(), null, Duration.ofSeconds(60));
        if (result.exitCode() != 0) {
            fail("kubectl kustomize k8s/overlays/" + overlay + " failed (exit " + result.exitCode() + "):\n"
                    + result.stderr());
        }
        return result.stdout();
    }

    public static Manifests build(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> new Manifests(o, Yaml.documents(render(o))));
    }
}
