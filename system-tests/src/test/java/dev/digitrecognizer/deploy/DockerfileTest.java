package dev.digitrecognizer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.deploy.support.Compose;
import dev.digitrecognizer.deploy.support.Kustomize;
import dev.digitrecognizer.deploy.support.Repo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three Dockerfiles, read as text (there is no Docker engine to build them here). */
class DockerfileTest {

    private static String dockerfile(String service) {
        return Repo.read(service + "-service/src/main/docker/Dockerfile.jvm");
    }

    private static String from(String dockerfile) {
        Matcher m = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile);
        assertTrue(m.find(), "no FROM");
        return m.group(1);
    }

    @Test
    void theInferenceImageIsGlibcBasedForOnnxRuntime() {
        String base = from(dockerfile("inference"));
        assertFalse(
                base.contains("alpine") || base.contains("musl") || base.contains("distroless/static"),
                "ONNX Runtime's native library needs glibc; base is " + base);
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "gateway"})
    void copiesTheQuarkusFastJarLayout(String service) {
        String text = dockerfile(service);
        for (String part : List.of("lib/", "app/", "quarkus/", "quarkus-run.jar")) {
            assertTrue(
                    text.contains("COPY " + service + "-service/target/quarkus-app/" + part),
                    service + ": does not copy target/quarkus-app/" + part + " (context is the repository root)");
        }
        assertTrue(text.contains("-jar /deployments/quarkus-run.jar"), service + ": does not run quarkus-run.jar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "gateway", "frontend"})
    void runsAsANonRootNumericUser(String service) {
        String text = service.equals("frontend") ? Repo.read("deploy/frontend/Dockerfile") : dockerfile(service);
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(text);
        String last = null;
        while (user.find()) {
            last = user.group(1);
        }
        if (service.equals("frontend")) {
            // nginx-unprivileged ends with USER 101 itself; a USER line here must keep it non-root
            assertTrue(from(text).startsWith("nginxinc/nginx-unprivileged"), "frontend base: " + from(text));
            assertTrue(last == null || (last.matches("\\d+") && !last.equals("0")), "frontend USER " + last);
        } else {
            assertTrue(last != null && last.matches("\\d+") && !last.equals("0"), service + ": USER " + last);
        }
    }

    @Test
    void theModelsAreBakedIntoTheInferenceImage() {
        String text = dockerfile("inference");
        assertTrue(text.contains("\nCOPY models/ /models/\n"), "models/ is not copied to /models");
        assertTrue(text.contains("INFERENCE_MODEL_REPOSITORY=/models"), "INFERENCE_MODEL_REPOSITORY is not /models");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "gateway"})
    void theBuildContextIsLimitedToWhatTheImageCopies(String service) {
        Path ignore = Repo.path(service + "-service/src/main/docker/Dockerfile.jvm.dockerignore");
        assertTrue(Files.isRegularFile(ignore), "no " + Repo.root().relativize(ignore));
        String text = Repo.read(ignore);
        assertTrue(text.contains("\n*\n") && text.contains("!" + service + "-service/target/quarkus-app/"), text);
    }

    @Test
    void theFrontendImageRendersTheNginxTemplateWithExactlyItsPlaceholders() {
        String text = Repo.read("deploy/frontend/Dockerfile");
        assertTrue(
                text.contains("COPY deploy/nginx/default.conf.template /etc/nginx/templates/default.conf.template"),
                text);
        Matcher filter = Pattern.compile("NGINX_ENVSUBST_FILTER=\"\\^\\(([A-Z_|]+)\\)\\\\\\$\"")
                .matcher(text);
        assertTrue(filter.find(), "NGINX_ENVSUBST_FILTER must be an anchored list ^(A|B)$");
        Set<String> filtered = new TreeSet<>(List.of(filter.group(1).split("\\|")));
        assertEquals(NginxConfigTest.placeholders(), filtered);
        for (String variable : filtered) {
            assertTrue(
                    Pattern.compile("(?m)^\\s*(ENV\\s+)?" + variable + "=\\S+")
                            .matcher(text)
                            .find(),
                    variable + " has no default in the image");
        }
    }

    @Test
    void theFrontendFilesTheImageCopiesExist() throws IOException {
        String text = Repo.read("deploy/frontend/Dockerfile");
        Matcher copy = Pattern.compile("(?m)^COPY\\s+(.+)\\s+\\S+$").matcher(text);
        List<String> missing = new ArrayList<>();
        while (copy.find()) {
            for (String source : copy.group(1).trim().split("\\s+")) {
                if (source.startsWith("--")) {
                    continue;
                }
                if (source.contains("*")) {
                    Path dir = Repo.path(source).getParent();
                    String glob = Path.of(source).getFileName().toString();
                    boolean any = false;
                    if (Files.isDirectory(dir)) {
                        try (DirectoryStream<Path> matches = Files.newDirectoryStream(dir, glob)) {
                            any = matches.iterator().hasNext();
                        }
                    }
                    if (!any) {
                        missing.add(source + " (matches nothing; COPY would fail)");
                    }
                } else if (!Files.exists(Repo.path(source))) {
                    missing.add(source);
                }
            }
        }
        assertEquals(List.of(), missing, "deploy/frontend/Dockerfile copies files that do not exist");
    }

    @Test
    void theFrontendIsConfiguredOnlyThroughTheTemplatesVariables() {
        // anything else given to the nginx container would be silently ignored
        Map<String, String> unknown = new TreeMap<>();
        Compose.environment(Compose.service("frontend")).keySet().stream()
                .filter(k -> !NginxConfigTest.placeholders().contains(k))
                .forEach(k -> unknown.put(k, "docker-compose.yml"));
        for (String overlay : Kustomize.overlays()) {
            for (JsonNode env : Kustomize.build(overlay).container("frontend").path("env")) {
                if (!NginxConfigTest.placeholders().contains(env.path("name").asText())) {
                    unknown.put(env.path("name").asText(), "k8s/overlays/" + overlay);
                }
            }
        }
        assertEquals(Map.of(), unknown);
    }
}
