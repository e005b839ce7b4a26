package dev.digitrecognizer.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.ValidationReport;
import io.fabric8.kubernetes.schema.validator.Validator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict schema validation of one Kubernetes object with fabric8's kubernetes-model-validator
 * (OpenAPI schemas with additionalProperties=false, so unknown fields are errors).
 *
 * <p>Two defects of the validator (7.5.2) are worked around here, each as narrowly as possible:
 * <ol>
 *   <li><b>int-or-string fields.</b> Its schema for {@code io.k8s.apimachinery.pkg.util.intstr.IntOrString}
 *   allows only strings, so every integer in such a field (Service targetPort, probe and
 *   NetworkPolicy ports, maxSurge/maxUnavailable, PDB maxUnavailable/minAvailable) is reported as
 *   "Instance type (integer) does not match any allowed primitive type (allowed: ["string"])".
 *   Kubernetes accepts integers there. {@link #isIntOrStringFalseAlarm} drops exactly those
 *   messages: the message must come from the IntOrString schema, have that exact wording, and the
 *   value at the reported path must really be an integer. Everything else still fails.</li>
 *   <li><b>Groups ending in ".k8s.io".</b> It derives the schema name from apiVersion by reversing
 *   the group ("networking.k8s.io/v1" becomes "io.k8s.networking.v1"), but those schemas are named
 *   "io.k8s.api.networking.v1.*"; it then finds no schema and reports nothing at all. For such
 *   groups the object is validated with apiVersion "networking/v1", which the validator maps to
 *   "io.k8s.api.networking.v1". The schemas do not constrain the apiVersion value itself.</li>
 * </ol>
 * The validator returns an empty report when it knows no schema for a kind, so {@link #isKnown}
 * proves that a kind is really checked: an object with an extra field must be rejected.
 *
 * <p>It reads one object per call; multi-document streams are split by the caller.
 */
public final class Schema {

    private static final Validator VALIDATOR = Validator.newInstance();

    static final String INT_OR_STRING_SCHEMA = "/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    private static final Pattern INT_OR_STRING_MESSAGE = Pattern.compile(
            "^\\[Path '([^']*)'] Instance type \\(integer\\) does not match any allowed primitive type \\(allowed: \\[\"string\"]\\)$");
    private static final Pattern K8S_IO_GROUP =
            Pattern.compile("^([a-z0-9-]+(?:\\.[a-z0-9-]+)*)\\.k8s\\.io/([a-z0-9]+)$");

    private Schema() {}

    /** The errors for one object, without the int-or-string false alarms. */
    public static List<String> errors(JsonNode object) {
        return report(object).getMessages().stream()
                .filter(m -> m.getLevel() == ValidationMessage.Level.ERROR)
                .filter(m -> !isIntOrStringFalseAlarm(m, object))
                .map(m -> m.getMessage() + "  (schema " + m.getSchema() + ")")
                .toList();
    }

    /** Whether the validator has a schema for this object's apiVersion and kind. */
    public static boolean isKnown(JsonNode object) {
        ObjectNode probe = object.deepCopy();
        probe.put("surelyNotAKubernetesField", true);
        return report(probe).getMessages().stream().anyMatch(m -> m.getMessage().contains("surelyNotAKubernetesField"));
    }

    static boolean isIntOrStringFalseAlarm(ValidationMessage message, JsonNode object) {
        if (!INT_OR_STRING_SCHEMA.equals(message.getSchema())) {
            return false;
        }
        Matcher matcher = INT_OR_STRING_MESSAGE.matcher(message.getMessage());
        return matcher.matches() && object.at(matcher.group(1)).isIntegralNumber();
    }

    private static ValidationReport report(JsonNode object) {
        return VALIDATOR.validate(withResolvableApiVersion(object));
    }

    private static JsonNode withResolvableApiVersion(JsonNode object) {
        Matcher matcher = K8S_IO_GROUP.matcher(object.path("apiVersion").asText());
        if (!matcher.matches()) {
            return object;
        }
        ObjectNode copy = object.deepCopy();
        copy.put("apiVersion", matcher.group(1) + "/" + matcher.group(2));
        return copy;
    }
}
