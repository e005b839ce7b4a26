package dev.digitrecognizer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.deploy.support.Compose;
import dev.digitrecognizer.deploy.support.Kustomize;
import dev.digitrecognizer.deploy.support.Manifests;
import dev.digitrecognizer.deploy.support.Repo;
import dev.digitrecognizer.deploy.support.Yaml;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** docker-compose.yml and the Prometheus and Grafana files it mounts. */
class ComposeTest {

    /**
     * The HTTP clients each image ships, for the healthchecks: the images built here install curl
     * (their Dockerfiles), postgres asks its own pg_isready, grafana's official image is Alpine with
     * busybox's wget.
     */
    private static final Map<String, List<String>> CLIENTS_IN_IMAGE = Map.of(
            "inference", List.of("curl"),
            "gateway", List.of("curl"),
            "frontend", List.of("curl"),
            "prometheus", List.of("curl"),
            "postgres", List.of("pg_isready"),
            "grafana", List.of("wget"));

    @Test
    void runsTheSixServices() {
        List<String> services = new ArrayList<>();
        Compose.file().path("services").fieldNames().forEachRemaining(services::add);
        assertEquals(
                List.of("frontend", "gateway", "grafana", "inference", "postgres", "prometheus"),
                services.stream().sorted().toList());
    }

    @Test
    void everyServiceHasAHealthcheckWithAToolItsImageShips() {
        List<String> problems = new ArrayList<>();
        Compose.file().path("services").fields().forEachRemaining(e -> {
            List<String> command = Compose.healthcheckCommand(e.getValue());
            if (command.isEmpty()) {
                problems.add(e.getKey() + ": no healthcheck");
            } else if (!CLIENTS_IN_IMAGE.getOrDefault(e.getKey(), List.of()).contains(command.get(0))) {
                problems.add(e.getKey() + ": healthcheck runs " + command.get(0) + ", not known to be in the image");
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyDependencyWaitsUntilTheOtherServiceIsHealthy() {
        Map<String, String> conditions = new TreeMap<>();
        Compose.file().path("services").fields().forEachRemaining(e -> {
            JsonNode dependsOn = e.getValue().path("depends_on");
            if (dependsOn.isArray()) {
                dependsOn.forEach(
                        d -> conditions.put(e.getKey() + " -> " + d.asText(), "service_started (short form)"));
            }
            dependsOn
                    .fields()
                    .forEachRemaining(d -> conditions.put(
                            e.getKey() + " -> " + d.getKey(),
                            d.getValue().path("condition").asText()));
        });
        assertEquals(
                Map.of(
                        "frontend -> gateway", "service_healthy",
                        "gateway -> inference", "service_healthy",
                        "gateway -> postgres", "service_healthy",
                        "grafana -> prometheus", "service_healthy"),
                conditions);
    }

    @Test
    void publishesThePageOn8080AndGrafanaOn3000ByDefault() {
        assertEquals(List.of("8080:8080"), publishedByDefault("frontend"));
        assertEquals(List.of("3000:3000"), publishedByDefault("grafana"));
        assertEquals(List.of("9090:9090"), publishedByDefault("prometheus"));
        assertTrue(
                Compose.service("gateway").path("ports").isMissingNode(), "the gateway is reached through nginx only");
        assertTrue(
                Compose.service("inference").path("ports").isMissingNode(), "inference is reached by the gateway only");
        assertTrue(
                Compose.service("postgres").path("ports").isMissingNode(), "postgres is reached by the gateway only");
    }

    /** The service's ports with each {@code ${VARIABLE:-default}} read as its default, as compose reads it when unset. */
    private static List<String> publishedByDefault(String service) {
        return Manifests.texts(Compose.service(service).path("ports")).stream()
                .map(port -> port.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1"))
                .toList();
    }

    @Test
    void buildsEveryImageFromTheRepositoryRootWithAnExistingDockerfile() {
        Map<String, String> expected = Map.of(
                "inference", "inference-service/src/main/docker/Dockerfile.jvm",
                "gateway", "gateway-service/src/main/docker/Dockerfile.jvm",
                "frontend", "deploy/frontend/Dockerfile",
                "prometheus", "deploy/prometheus/Dockerfile",
                "postgres", "deploy/postgres/Dockerfile");
        expected.forEach((service, dockerfile) -> {
            JsonNode build = Compose.service(service).path("build");
            assertEquals(".", build.path("context").asText(), service + " build context");
            assertEquals(dockerfile, build.path("dockerfile").asText(), service + " dockerfile");
            assertTrue(Files.isRegularFile(Repo.path(dockerfile)), dockerfile + " missing");
        });
    }

    @Test
    void theImagesAreTaggedLikeTheKubernetesBaseExpects() {
        for (String service : List.of("inference", "gateway", "frontend")) {
            String composeImage = Compose.service(service).path("image").asText();
            String baseImage = Yaml.documents(Repo.read("k8s/base/" + service + ".yaml"))
                    .get(0)
                    .at("/spec/template/spec/containers/0/image")
                    .asText();
            assertEquals(baseImage, composeImage, service);
        }
    }

    @Test
    void inferenceRunsAsManyOnnxThreadsAsItHasCpus() {
        JsonNode inference = Compose.service("inference");
        String threads = Compose.environment(inference).get("INFERENCE_INTRA_OP_THREADS");
        assertEquals(inference.path("cpus").asText(), threads, "INFERENCE_INTRA_OP_THREADS vs cpus");
    }

    @Test
    void theJavaServicesRunHardenedLikeOnKubernetes() {
        for (String service : List.of("inference", "gateway")) {
            JsonNode s = Compose.service(service);
            assertTrue(s.path("read_only").asBoolean(false), service + " read_only");
            assertTrue(
                    Manifests.texts(s.path("tmpfs")).stream().anyMatch(t -> t.equals("/tmp") || t.startsWith("/tmp:")),
                    service + " tmpfs /tmp");
            assertEquals(List.of("ALL"), Manifests.texts(s.path("cap_drop")), service + " cap_drop");
            assertTrue(
                    Manifests.texts(s.path("security_opt")).contains("no-new-privileges:true"),
                    service + " no-new-privileges");
        }
    }

    @Test
    void postgresRunsHardenedAndKeepsItsDataInANamedVolume() {
        JsonNode postgres = Compose.service("postgres");
        assertTrue(postgres.path("read_only").asBoolean(false), "read_only");
        List<String> tmpfs = Manifests.texts(postgres.path("tmpfs"));
        assertTrue(tmpfs.contains("/tmp"), "tmpfs /tmp: " + tmpfs);
        // the socket's directory must belong to the image's user, or PostgreSQL cannot lock its socket
        assertTrue(tmpfs.contains("/run/postgresql:uid=999,gid=999"), "tmpfs /run/postgresql: " + tmpfs);
        assertTrue(
                Repo.read("deploy/postgres/Dockerfile").contains("useradd --system --uid 999 --gid 999"),
                "the image's postgres user is not 999");
        assertEquals(List.of("ALL"), Manifests.texts(postgres.path("cap_drop")), "cap_drop");
        assertTrue(Manifests.texts(postgres.path("security_opt")).contains("no-new-privileges:true"));
        // SIGTERM is PostgreSQL's smart shutdown, which waits for the gateway's pool to hang up
        assertEquals("SIGINT", postgres.path("stop_signal").asText(), "stop_signal");
        assertEquals(
                List.of("postgres-data:/var/lib/postgresql/data"),
                Manifests.texts(postgres.path("volumes")),
                "the data volume, mounted where the image's PGDATA lives");
        assertTrue(Compose.file().path("volumes").has("postgres-data"), "postgres-data is not a named volume");
    }

    @Test
    void theGatewayLogsInToPostgresAsTheRoleAndDatabasePostgresIsCreatedWith() {
        Map<String, String> gateway = Compose.environment(Compose.service("gateway"));
        Map<String, String> postgres = Compose.environment(Compose.service("postgres"));
        URI url = URI.create(gateway.get("GATEWAY_FEEDBACK_DB_URL").replaceFirst("^jdbc:", ""));
        assertEquals("postgresql", url.getScheme(), gateway.get("GATEWAY_FEEDBACK_DB_URL"));
        assertEquals("postgres", url.getHost(), "the database host is the compose service");
        assertEquals(
                Manifests.texts(Compose.service("postgres").path("expose")),
                List.of(String.valueOf(url.getPort())),
                "port");
        assertEquals("/" + postgres.get("POSTGRES_DB"), url.getPath(), "database");
        assertEquals(postgres.get("POSTGRES_USER"), gateway.get("GATEWAY_FEEDBACK_DB_USERNAME"), "role");
        // one variable for both, so that setting it cannot set only one side
        assertEquals(postgres.get("POSTGRES_PASSWORD"), gateway.get("GATEWAY_FEEDBACK_DB_PASSWORD"), "password");
        assertTrue(postgres.get("POSTGRES_PASSWORD").startsWith("${FEEDBACK_DB_PASSWORD:-"), "password variable");
    }

    @Test
    void theFeedbackSecretsComeFromTheEnvironmentWithDevelopmentDefaults() {
        Map<String, String> gateway = Compose.environment(Compose.service("gateway"));
        Map<String, String> expected = Map.of(
                "GATEWAY_FEEDBACK_SECRET", "FEEDBACK_SECRET",
                "GATEWAY_FEEDBACK_ADMIN_TOKEN", "FEEDBACK_ADMIN_TOKEN");
        expected.forEach((variable, source) -> {
            String value = gateway.get(variable);
            assertTrue(
                    value != null && value.matches("\\$\\{" + source + ":-[^}]+}"),
                    variable + " should be ${" + source + ":-<development default>}, is " + value);
        });
        String secretDefault = gateway.get("GATEWAY_FEEDBACK_SECRET").replaceAll("^\\$\\{[A-Z_]+:-|}$", "");
        assertTrue(secretDefault.length() >= 32, "the gateway refuses an HMAC key under 32 characters");
    }

    @Test
    void prometheusScrapesTheGatewayAndInferenceJobsAtQuarkusMetricsPath() {
        JsonNode config = Yaml.document(Repo.read("deploy/prometheus/prometheus.yml"));
        Map<String, String> jobs = new TreeMap<>();
        for (JsonNode job : config.path("scrape_configs")) {
            jobs.put(job.path("job_name").asText(), job.path("metrics_path").asText("/metrics"));
        }
        assertEquals("/q/metrics", jobs.get("gateway"), "job gateway");
        assertEquals("/q/metrics", jobs.get("inference"), "job inference");
    }

    @Test
    void prometheusAndGrafanaMountFilesThatExist() {
        List<String> missing = new ArrayList<>();
        for (String service : List.of("prometheus", "grafana")) {
            for (JsonNode volume : Compose.service(service).path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./") && !Files.exists(Repo.path(source.substring(2)))) {
                    missing.add(service + ": " + source);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void grafanaLoadsTheDashboardFromWhereComposeMountsIt() {
        JsonNode provider = Yaml.document(Repo.read("deploy/grafana/provisioning/dashboards/digit-recognizer.yml"))
                .at("/providers/0/options/path");
        List<String> mounts = Manifests.texts(Compose.service("grafana").path("volumes"));
        assertTrue(
                mounts.contains("./deploy/grafana/dashboards:" + provider.asText() + ":ro"),
                "dashboard provider path " + provider + " vs grafana volumes " + mounts);
        assertTrue(mounts.contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro"), mounts.toString());
    }

    @Test
    void grafanasDatasourcePointsAtTheComposePrometheus() {
        JsonNode datasource = Yaml.document(Repo.read("deploy/grafana/provisioning/datasources/prometheus.yml"))
                .at("/datasources/0");
        assertEquals("prometheus", datasource.path("type").asText());
        assertEquals("http://prometheus:9090", datasource.path("url").asText());
        assertFalse(Compose.service("prometheus").isMissingNode());
    }

    @Test
    void theJavaImagesAreTheSameOnComposeAndKubernetes() {
        // the compose environment of each Java service is a subset of what the prod overlay sets
        for (String service : List.of("inference", "gateway")) {
            List<String> k8s = new ArrayList<>();
            Kustomize.build("prod")
                    .container(service)
                    .path("env")
                    .forEach(e -> k8s.add(e.path("name").asText()));
            List<String> compose = new ArrayList<>(
                    Compose.environment(Compose.service(service)).keySet());
            assertEquals(
                    k8s.stream().sorted().toList(),
                    compose.stream().sorted().toList(),
                    service + ": compose and Kubernetes configure different variables");
        }
    }
}
