package dev.digitrecognizer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.digitrecognizer.deploy.support.Kustomize;
import dev.digitrecognizer.deploy.support.Manifests;
import dev.digitrecognizer.deploy.support.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every rendered object of every overlay is a valid Kubernetes object, with no unknown field. */
class KubernetesSchemaTest {

    /** The kinds the fabric8 schema set does not have. None today: it knows ServiceMonitor and PrometheusRule. */
    private static final List<String> CUSTOM_KINDS_WITHOUT_SCHEMA = List.of();

    @Test
    void thereAreDevAndProdOverlays() {
        List<String> overlays = Kustomize.overlays();
        assertTrue(overlays.containsAll(List.of("dev", "prod")), "overlays found: " + overlays);
    }

    @TestFactory
    Stream<DynamicTest> everyRenderedObjectMatchesItsSchema() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String overlay : Kustomize.overlays()) {
            for (JsonNode object : Kustomize.build(overlay).objects()) {
                if (CUSTOM_KINDS_WITHOUT_SCHEMA.contains(object.path("kind").asText())) {
                    continue; // checked by hand, see ServiceMonitorTest
                }
                tests.add(DynamicTest.dynamicTest(overlay + ": " + Manifests.id(object), () -> {
                    List<String> errors = Schema.errors(object);
                    assertTrue(
                            errors.isEmpty(),
                            overlay + " " + Manifests.id(object) + ":\n  " + String.join("\n  ", errors));
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> theValidatorKnowsEveryKindWeRender() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String overlay : Kustomize.overlays()) {
            for (JsonNode object : Kustomize.build(overlay).objects()) {
                String kind = object.path("kind").asText();
                if (CUSTOM_KINDS_WITHOUT_SCHEMA.contains(kind)) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(
                        overlay + ": " + Manifests.id(object),
                        () -> assertTrue(
                                Schema.isKnown(object),
                                object.path("apiVersion").asText() + " " + kind
                                        + " has no schema in the validator, so its validation would prove nothing")));
            }
        }
        return tests.stream();
    }

    @Test
    void anUnknownFieldDeepInsideAPodTemplateIsAnError() {
        ObjectNode deployment =
                Kustomize.build("prod").get("Deployment", "inference").deepCopy();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("imagePullPolicyy", "Always");
        List<String> errors = Schema.errors(deployment);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("imagePullPolicyy"), errors.toString());
    }

    @Test
    void aStringWhereAnIntegerBelongsIsStillAnError() {
        ObjectNode service = Kustomize.build("prod").get("Service", "gateway").deepCopy();
        ((ObjectNode) service.at("/spec/ports/0")).put("port", "eight thousand");
        assertFalse(Schema.errors(service).isEmpty(), "Service.spec.ports[0].port must be an integer");
    }

    @Test
    void anIntegerInAnIntOrStringFieldIsAccepted() {
        ObjectNode service = Kustomize.build("prod").get("Service", "gateway").deepCopy();
        ((ObjectNode) service.at("/spec/ports/0")).put("targetPort", 8080);
        assertEquals(List.of(), Schema.errors(service));
    }

    @Test
    void aNetworkPolicyIsReallyValidated() {
        ObjectNode policy = Kustomize.build("prod")
                .get("NetworkPolicy", "inference-ingress")
                .deepCopy();
        ((ObjectNode) policy.at("/spec")).put("ingres", "typo");
        assertFalse(Schema.errors(policy).isEmpty(), "a misspelt NetworkPolicy field must be reported");
    }

    @Test
    void aPrometheusRuleIsReallyValidated() {
        ObjectNode rule = Kustomize.build("prod")
                .get("PrometheusRule", "digit-recognizer")
                .deepCopy();
        ((ObjectNode) rule.at("/spec/groups/0/rules/0")).put("exprr", "up == 0");
        List<String> errors = Schema.errors(rule);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("exprr"), errors.toString());
    }
}
