package dev.digitrecognizer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.deploy.support.Kustomize;
import dev.digitrecognizer.deploy.support.Manifests;
import dev.digitrecognizer.deploy.support.Quantities;
import dev.digitrecognizer.deploy.support.Repo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What tells dev and prod apart. */
class OverlaysTest {

    @Test
    void devRunsInItsOwnNamespace() {
        assertEquals(
                "digit-recognizer-dev",
                Manifests.name(Kustomize.build("dev").ofKind("Namespace").get(0)));
    }

    @Test
    void prodRunsInTheDigitRecognizerNamespace() {
        assertEquals(
                "digit-recognizer",
                Manifests.name(Kustomize.build("prod").ofKind("Namespace").get(0)));
    }

    @Test
    void devRunsOneReplicaOfEverything() {
        Manifests dev = Kustomize.build("dev");
        assertEquals(1, dev.get("Deployment", "frontend").at("/spec/replicas").asInt());
        for (String service : List.of("inference", "gateway")) {
            assertEquals(
                    1,
                    dev.get("HorizontalPodAutoscaler", service)
                            .at("/spec/minReplicas")
                            .asInt(),
                    service);
        }
    }

    @Test
    void prodRunsMoreReplicasAndMayScaleFurtherThanDev() {
        Manifests dev = Kustomize.build("dev");
        Manifests prod = Kustomize.build("prod");
        assertTrue(
                prod.get("Deployment", "frontend").at("/spec/replicas").asInt()
                        > dev.get("Deployment", "frontend").at("/spec/replicas").asInt(),
                "frontend replicas");
        for (String service : List.of("inference", "gateway")) {
            JsonNode devHpa = dev.get("HorizontalPodAutoscaler", service);
            JsonNode prodHpa = prod.get("HorizontalPodAutoscaler", service);
            assertTrue(prodHpa.at("/spec/minReplicas").asInt() >= 2, service + ": prod minReplicas");
            assertTrue(
                    prodHpa.at("/spec/minReplicas").asInt()
                            > devHpa.at("/spec/minReplicas").asInt(),
                    service + " minReplicas");
            assertTrue(
                    prodHpa.at("/spec/maxReplicas").asInt()
                            > devHpa.at("/spec/maxReplicas").asInt(),
                    service + " maxReplicas");
        }
    }

    @Test
    void devAsksForLessCpuThanProd() {
        for (String service : List.of("inference", "gateway", "frontend")) {
            var devCpu = Quantities.parse(Kustomize.build("dev")
                    .container(service)
                    .at("/resources/requests/cpu")
                    .asText());
            var prodCpu = Quantities.parse(Kustomize.build("prod")
                    .container(service)
                    .at("/resources/requests/cpu")
                    .asText());
            assertTrue(devCpu.compareTo(prodCpu) <= 0, service + ": dev requests " + devCpu + " CPU, prod " + prodCpu);
        }
    }

    @Test
    void onlyProdNeedsThePrometheusOperatorCrds() {
        assertEquals(
                List.of(),
                Kustomize.build("dev").ofKind("ServiceMonitor"),
                "dev must apply on clusters without the CRD");
        assertEquals(1, Kustomize.build("prod").ofKind("ServiceMonitor").size());
    }

    /** The gateway's feedback variables and the Secret key each comes from (k8s/base/gateway.yaml). */
    private static final Map<String, String> FEEDBACK_ENV = Map.of(
            "GATEWAY_FEEDBACK_DB_URL", "feedback-db/url",
            "GATEWAY_FEEDBACK_DB_USERNAME", "feedback-db/username",
            "GATEWAY_FEEDBACK_DB_PASSWORD", "feedback-db/password",
            "GATEWAY_FEEDBACK_SECRET", "gateway-feedback/secret",
            "GATEWAY_FEEDBACK_ADMIN_TOKEN", "gateway-feedback/admin-token");

    @Test
    void everyOverlaysGatewayReadsItsFeedbackSettingsFromSecrets() {
        for (String overlay : Kustomize.overlays()) {
            Manifests manifests = Kustomize.build(overlay);
            Map<String, String> refs = new TreeMap<>();
            for (String variable : FEEDBACK_ENV.keySet()) {
                JsonNode ref = Manifests.env(manifests.container("gateway"), variable)
                        .orElseThrow(() -> new AssertionError(overlay + ": the gateway has no " + variable))
                        .at("/valueFrom/secretKeyRef");
                // a generated Secret's name carries a hash of its content: name-<hash>
                String secret = ref.path("name").asText().replaceFirst("-[a-z0-9]{10}$", "");
                refs.put(variable, secret + "/" + ref.path("key").asText());
            }
            assertEquals(new TreeMap<>(FEEDBACK_ENV), refs, overlay);
        }
    }

    @Test
    void devRendersTheFeedbackSecretsTheGatewayAndItsDatabaseRead() {
        Manifests dev = Kustomize.build("dev");
        for (JsonNode container : dev.allContainers().values()) {
            for (JsonNode env : container.path("env")) {
                JsonNode ref = env.at("/valueFrom/secretKeyRef");
                if (ref.isMissingNode()) {
                    continue;
                }
                JsonNode secret = dev.get("Secret", ref.path("name").asText());
                assertTrue(
                        secret.path("data").has(ref.path("key").asText()),
                        env.path("name").asText() + ": Secret " + Manifests.name(secret) + " has no key "
                                + ref.path("key").asText());
            }
        }
    }

    @Test
    void devRunsItsOwnPostgresOnAClaimAndTheGatewayLogsInToIt() {
        Manifests dev = Kustomize.build("dev");
        JsonNode postgres = dev.get("StatefulSet", "postgres");
        assertEquals(1, postgres.at("/spec/replicas").asInt());
        assertEquals(
                "ReadWriteOnce",
                postgres.at("/spec/volumeClaimTemplates/0/spec/accessModes/0").asText(),
                "the data lives on a PersistentVolumeClaim of its own");
        JsonNode service = dev.get("Service", postgres.at("/spec/serviceName").asText());
        assertEquals("None", service.at("/spec/clusterIP").asText(), "the StatefulSet's Service is headless");

        JsonNode db = dev.ofKind("Secret").stream()
                .filter(s -> Manifests.name(s).startsWith("feedback-db-"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("dev renders no Secret feedback-db"));
        URI url = URI.create(secretText(db, "url").replaceFirst("^jdbc:", ""));
        assertEquals(Manifests.name(service), url.getHost(), "the JDBC URL's host is the postgres Service");
        JsonNode container = postgres.at("/spec/template/spec/containers/0");
        int targetPort = -1;
        for (JsonNode port : service.at("/spec/ports")) {
            if (port.path("port").asInt() == url.getPort()) {
                targetPort = Manifests.resolvePort(port.path("targetPort"), container);
            }
        }
        assertEquals(5432, targetPort, "the JDBC URL's port reaches PostgreSQL's");
        assertEquals(
                "/"
                        + Manifests.env(container, "POSTGRES_DB")
                                .orElseThrow()
                                .path("value")
                                .asText(),
                url.getPath(),
                "the JDBC URL's database");
        // the role is created with the same Secret the gateway logs in with
        for (String variable : List.of("POSTGRES_USER", "POSTGRES_PASSWORD")) {
            assertEquals(
                    Manifests.name(db),
                    Manifests.env(container, variable)
                            .orElseThrow()
                            .at("/valueFrom/secretKeyRef/name")
                            .asText(),
                    variable);
        }
    }

    @Test
    void onlyTheGatewayMayReachDevsPostgres() {
        Manifests dev = Kustomize.build("dev");
        JsonNode labels = dev.get("StatefulSet", "postgres").at("/spec/template/metadata/labels");
        JsonNode gateway = dev.get("Deployment", "gateway").at("/spec/template/metadata/labels");
        List<JsonNode> policies = dev.ofKind("NetworkPolicy").stream()
                .filter(p -> Manifests.selects(p.at("/spec/podSelector"), labels))
                .toList();
        assertEquals(1, policies.size(), "one NetworkPolicy selects the postgres pod");
        JsonNode rules = policies.get(0).at("/spec/ingress");
        assertEquals(1, rules.size(), rules.toString());
        assertEquals(1, rules.at("/0/from").size(), rules.toString());
        JsonNode peer = rules.at("/0/from/0");
        assertTrue(
                !peer.has("namespaceSelector") && Manifests.selects(peer.path("podSelector"), gateway),
                "the peer is the gateway pods of the namespace: " + peer);
        List<Integer> ports = new ArrayList<>();
        rules.at("/0/ports").forEach(p -> ports.add(p.path("port").asInt()));
        assertEquals(List.of(5432), ports, "PostgreSQL's port alone");
    }

    @Test
    void prodRunsNoDatabaseAndRendersNoSecret() {
        Manifests prod = Kustomize.build("prod");
        assertEquals(List.of(), prod.ofKind("StatefulSet"), "prod's feedback lives in the operator's database");
        assertEquals(List.of(), prod.ofKind("Secret"), "prod's Secrets are created by the operator, not rendered");
        String kustomization = Repo.read("k8s/overlays/prod/kustomization.yaml");
        for (String secret : List.of("feedback-db", "gateway-feedback")) {
            assertTrue(
                    kustomization.contains("create secret generic " + secret),
                    "k8s/overlays/prod/kustomization.yaml does not say how to create " + secret);
        }
    }

    private static String secretText(JsonNode secret, String key) {
        return new String(
                Base64.getDecoder().decode(secret.path("data").path(key).asText()), StandardCharsets.UTF_8);
    }
}
