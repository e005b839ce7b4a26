package dev.digitrecognizer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.deploy.support.Kustomize;
import dev.digitrecognizer.deploy.support.Manifests;
import dev.digitrecognizer.deploy.support.Quantities;
import java.util.List;
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
}
