package dev.digitrecognizer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.deploy.support.Compose;
import dev.digitrecognizer.deploy.support.Kustomize;
import dev.digitrecognizer.deploy.support.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** The Dockerfiles as text: what a build would not catch. ComposeStackTest builds and runs them. */
class DockerfileTest {

    private static String dockerfile(String service) {
        return Repo.read(service + "-service/src/main/docker/Dockerfile.jvm");
    }

    private static String from(String dockerfile) {
        Matcher m = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile);
        assertTrue(m.find(), "no FROM");
        return m.group(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "inference-service/src/main/docker/Dockerfile.jvm",
                "gateway-service/src/main/docker/Dockerfile.jvm",
                "deploy/frontend/Dockerfile",
                "deploy/prometheus/Dockerfile",
                "deploy/postgres/Dockerfile"
            })
    void everyStageStartsFromTheOneDebianBase(String path) {
        // glibc for ONNX Runtime, Debian's packages for the JDK, nginx and Prometheus, and one
        // base that deploy/base-image.sh can make where no registry answers
        Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(Repo.read(path));
        int stages = 0;
        while (from.find()) {
            assertEquals("debian:bookworm-slim", from.group(1), path);
            stages++;
        }
        assertTrue(stages > 0, path + " has no FROM");
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
    @ValueSource(strings = {"inference", "gateway", "frontend", "postgres"})
    void runsAsANonRootNumericUser(String service) {
        String text = List.of("frontend", "postgres").contains(service)
                ? Repo.read("deploy/" + service + "/Dockerfile")
                : dockerfile(service);
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(text);
        String last = null;
        while (user.find()) {
            last = user.group(1);
        }
        assertTrue(last != null && last.matches("\\d+") && !last.equals("0"), service + ": USER " + last);
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
    void thePostgresImageRunsPostgresAsItsMainProcessAndStopsItFast() {
        String dockerfile = Repo.read("deploy/postgres/Dockerfile");
        // SIGTERM would be the smart shutdown, which waits for every pooled connection to close
        assertTrue(dockerfile.contains("\nSTOPSIGNAL SIGINT\n"), "STOPSIGNAL SIGINT (fast shutdown)");
        assertTrue(dockerfile.contains("CMD pg_isready "), "HEALTHCHECK with pg_isready");
        Matcher volume = Pattern.compile("(?m)^VOLUME\\s+(\\S+)").matcher(dockerfile);
        Matcher pgdata = Pattern.compile("PGDATA=(\\S+)").matcher(dockerfile);
        assertTrue(volume.find() && pgdata.find(), "VOLUME and PGDATA");
        assertTrue(pgdata.group(1).startsWith(volume.group(1) + "/"), "PGDATA is a directory inside the volume");
        String entrypoint = Repo.read("deploy/postgres/entrypoint.sh");
        assertTrue(entrypoint.strip().endsWith("exec postgres -D \"$PGDATA\" \"$@\""), "postgres is exec'd, as PID 1");
        assertTrue(entrypoint.contains("--auth-host=scram-sha-256"), "network clients log in with scram-sha-256");
    }

    @Test
    void theFrontendImageRendersTheNginxTemplateWithExactlyItsPlaceholders() {
        Matcher envsubst = Pattern.compile("envsubst '([^']+)'").matcher(Repo.read("deploy/frontend/entrypoint.sh"));
        assertTrue(envsubst.find(), "entrypoint.sh does not render the template with a list of variables");
        Set<String> rendered = new TreeSet<>();
        for (String variable : envsubst.group(1).trim().split("\\s+")) {
            rendered.add(variable.replaceAll("[${}]", ""));
        }
        assertEquals(NginxConfigTest.placeholders(), rendered);
        String dockerfile = Repo.read("deploy/frontend/Dockerfile");
        for (String variable : rendered) {
            assertTrue(
                    Pattern.compile("(?m)^\\s*(ENV\\s+)?" + variable + "=\\S+")
                            .matcher(dockerfile)
                            .find(),
                    variable + " has no default in the image");
        }
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
