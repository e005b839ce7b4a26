package dev.digitrecognizer.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The objects of one rendered overlay, with the look-ups the tests need. */
public record Manifests(String overlay, List<JsonNode> objects) {

    public List<JsonNode> ofKind(String kind) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .toList();
    }

    public Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    public JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " named " + name));
    }

    /** The container of a Deployment that carries the Deployment's name (one per Deployment here). */
    public JsonNode container(String deployment) {
        for (JsonNode container : get("Deployment", deployment)
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")) {
            if (deployment.equals(container.path("name").asText())) {
                return container;
            }
        }
        throw new AssertionError(overlay + ": Deployment " + deployment + " has no container named " + deployment);
    }

    /** The objects that run pods from a template: the Deployments, then the StatefulSets (dev's database). */
    public List<JsonNode> workloads() {
        List<JsonNode> workloads = new ArrayList<>(ofKind("Deployment"));
        workloads.addAll(ofKind("StatefulSet"));
        return workloads;
    }

    /** Every container of every workload ({@link #workloads}), as "workload/container" -> container. */
    public Map<String, JsonNode> allContainers() {
        Map<String, JsonNode> all = new java.util.LinkedHashMap<>();
        for (JsonNode workload : workloads()) {
            JsonNode podSpec = workload.path("spec").path("template").path("spec");
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode container : podSpec.path(list)) {
                    all.put(name(workload) + "/" + container.path("name").asText(), container);
                }
            }
        }
        return all;
    }

    public static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    public static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }

    /** Whether a label selector's matchLabels/matchExpressions select the given labels. */
    public static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> wanted =
                selector.path("matchLabels").fields();
        while (wanted.hasNext()) {
            Map.Entry<String, JsonNode> entry = wanted.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = texts(expression.path("values"));
            String actual = labels.path(key).asText(null);
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> actual != null && values.contains(actual);
                case "NotIn" -> actual == null || !values.contains(actual);
                case "Exists" -> actual != null;
                case "DoesNotExist" -> actual == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Same as {@link #selects} for a plain map selector (Service.spec.selector). */
    public static boolean selectsMap(JsonNode selector, JsonNode labels) {
        if (selector == null || !selector.isObject() || selector.isEmpty()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> wanted = selector.fields();
        while (wanted.hasNext()) {
            Map.Entry<String, JsonNode> entry = wanted.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    public static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        StreamSupport.stream(array.spliterator(), false).forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** The env entry of a container, if any. */
    public static Optional<JsonNode> env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return Optional.of(env);
            }
        }
        return Optional.empty();
    }

    /** A probe's or Service's port: a number, or the name of one of the container's ports. */
    public static int resolvePort(JsonNode port, JsonNode container) {
        if (port.isInt() || port.asText().matches("\\d+")) {
            return port.asInt();
        }
        for (JsonNode declared : container.path("ports")) {
            if (port.asText().equals(declared.path("name").asText())) {
                return declared.path("containerPort").asInt();
            }
        }
        throw new AssertionError("port " + port + " is not a port of container "
                + container.path("name").asText());
    }
}
