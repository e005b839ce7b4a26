package dev.digitrecognizer.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Deployment's pod of a rendered overlay as a {@code docker run}: what the kubelet and the
 * container runtime make of the pod spec, derived from the manifest alone, so that a manifest
 * change runs here as it would on a cluster. Each Service that selects the pod becomes a network
 * alias. Env from a Secret takes the value of the Secret the overlay renders or, for one an
 * operator creates (prod's), of the stand-in the test gives, as the kubelet would read it. A field
 * it cannot represent (a second container, a ConfigMap volume) fails the test by name instead of
 * being left out; fields that only steer scheduling are ignored, since there is one host.
 */
public final class PodRun {

    /** Pod-spec fields that decide where a pod runs, not how: nothing to do on one host. */
    private static final Set<String> SCHEDULING = Set.of(
            "affinity",
            "nodeSelector",
            "tolerations",
            "topologySpreadConstraints",
            "priorityClassName",
            "serviceAccountName",
            "automountServiceAccountToken");

    private static final Set<String> POD_FIELDS =
            Set.of("containers", "volumes", "securityContext", "terminationGracePeriodSeconds", "enableServiceLinks");
    private static final Set<String> CONTAINER_FIELDS = Set.of(
            "name",
            "image",
            "imagePullPolicy",
            "command",
            "args",
            "workingDir",
            "ports",
            "env",
            "resources",
            "startupProbe",
            "livenessProbe",
            "readinessProbe",
            "lifecycle",
            "securityContext",
            "volumeMounts",
            "terminationMessagePath",
            "terminationMessagePolicy");
    private static final Set<String> SECURITY_FIELDS = Set.of(
            "runAsNonRoot",
            "runAsUser",
            "runAsGroup",
            "fsGroup",
            "fsGroupChangePolicy",
            "supplementalGroups",
            "readOnlyRootFilesystem",
            "allowPrivilegeEscalation",
            "capabilities",
            "seccompProfile");
    private static final Set<String> PROBE_FIELDS = Set.of(
            "httpGet",
            "initialDelaySeconds",
            "periodSeconds",
            "timeoutSeconds",
            "failureThreshold",
            "successThreshold");

    private final Manifests manifests;
    private final String deployment;
    private final JsonNode pod;
    private final JsonNode container;
    private final String containerName;
    private final Map<String, Map<String, String>> givenSecrets;

    private PodRun(
            Manifests manifests,
            String deployment,
            String containerName,
            Map<String, Map<String, String>> givenSecrets) {
        this.manifests = manifests;
        this.deployment = deployment;
        this.givenSecrets = givenSecrets;
        this.pod = manifests.get("Deployment", deployment).at("/spec/template/spec");
        this.containerName = containerName;
        unsupported(pod, POD_FIELDS, SCHEDULING, "pod spec");
        if (pod.path("containers").size() != 1 || pod.has("initContainers")) {
            throw fail("runs one container per pod; a second one would share its network namespace");
        }
        this.container = pod.path("containers").get(0);
        unsupported(container, CONTAINER_FIELDS, Set.of(), "container");
        unsupported(pod.path("securityContext"), SECURITY_FIELDS, Set.of(), "pod securityContext");
        unsupported(container.path("securityContext"), SECURITY_FIELDS, Set.of(), "container securityContext");
        if (pod.path("enableServiceLinks").asBoolean(true)) {
            throw fail("enableServiceLinks would inject one variable per Service, which docker does not");
        }
    }

    /** The pods of every Deployment, each to be run as a container named {@code prefix-DEPLOYMENT}. */
    public static List<PodRun> of(Manifests manifests, String prefix) {
        return of(manifests, prefix, Map.of());
    }

    /**
     * The same, with {@code secrets} (name -> key -> value) standing in for the Secrets that the
     * overlay does not render because an operator creates them in the cluster.
     */
    public static List<PodRun> of(Manifests manifests, String prefix, Map<String, Map<String, String>> secrets) {
        return manifests.ofKind("Deployment").stream()
                .map(d -> new PodRun(manifests, Manifests.name(d), prefix + "-" + Manifests.name(d), secrets))
                .toList();
    }

    /**
     * The pods ordered so that each starts after the pods whose Services it names: on a cluster a
     * Service's name resolves before its pods run, on a Docker network only while they do (nginx,
     * for one, resolves its upstream once, at start).
     */
    public static List<PodRun> inStartOrder(List<PodRun> pods) {
        List<PodRun> ordered = new ArrayList<>();
        List<PodRun> left = new ArrayList<>(pods);
        while (!left.isEmpty()) {
            PodRun next = left.stream()
                    .filter(p -> left.stream()
                            .filter(o -> o != p)
                            .noneMatch(o -> o.services().stream().anyMatch(p.calledServices()::contains)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the pods call each other's Services in a cycle: "
                            + left.stream().map(PodRun::deployment).toList()));
            ordered.add(next);
            left.remove(next);
        }
        return ordered;
    }

    public String deployment() {
        return deployment;
    }

    public String containerName() {
        return containerName;
    }

    public JsonNode container() {
        return container;
    }

    /** The Services that select this pod: their names are its network aliases. */
    public List<String> services() {
        JsonNode labels = manifests.get("Deployment", deployment).at("/spec/template/metadata/labels");
        return manifests.ofKind("Service").stream()
                .filter(s -> Manifests.selectsMap(s.at("/spec/selector"), labels))
                .map(Manifests::name)
                .toList();
    }

    /**
     * The Services this pod's environment names, as a host or in a URL ({@code http://gateway:8080},
     * {@code jdbc:postgresql://postgres:5432/feedback}), values from Secrets included.
     */
    public Set<String> calledServices() {
        Set<String> called = new LinkedHashSet<>();
        for (String value : environment().values()) {
            String host = value.replaceFirst("^jdbc:", "")
                    .replaceFirst("^[a-z][a-z0-9+.-]*://", "")
                    .replaceFirst("[:/].*", "");
            for (JsonNode service : manifests.ofKind("Service")) {
                String name = Manifests.name(service);
                if (host.equals(name)
                        || host.startsWith(name + "." + namespace() + ".")
                        || host.equals(name + "." + namespace())) {
                    called.add(name);
                }
            }
        }
        return called;
    }

    /** The container ports, by number. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        container.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt()));
        return ports;
    }

    /** The probes the container declares, by kind: startupProbe, readinessProbe, livenessProbe. */
    public Map<String, Probe> probes() {
        Map<String, Probe> probes = new LinkedHashMap<>();
        for (String kind : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            JsonNode probe = container.path(kind);
            if (probe.isMissingNode()) {
                continue;
            }
            unsupported(probe, PROBE_FIELDS, Set.of(), kind);
            JsonNode http = probe.path("httpGet");
            if (http.isMissingNode()
                    || http.has("host")
                    || !"HTTP".equals(http.path("scheme").asText("HTTP"))) {
                throw fail(kind + ": only plain httpGet probes on the pod's own address are run");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            http.path("httpHeaders")
                    .forEach(h ->
                            headers.put(h.path("name").asText(), h.path("value").asText()));
            probes.put(
                    kind,
                    new Probe(
                            kind,
                            http.path("path").asText("/"),
                            Manifests.resolvePort(http.path("port"), container),
                            headers,
                            probe.path("initialDelaySeconds").asInt(0),
                            probe.path("periodSeconds").asInt(10),
                            probe.path("timeoutSeconds").asInt(1),
                            probe.path("failureThreshold").asInt(3)));
        }
        return probes;
    }

    /** A probe as the kubelet runs it: every {@code period} seconds, failing after {@code failureThreshold} misses. */
    public record Probe(
            String kind,
            String path,
            int port,
            Map<String, String> headers,
            int initialDelaySeconds,
            int periodSeconds,
            int timeoutSeconds,
            int failureThreshold) {

        /** How long the kubelet waits for a first success before it gives up (and, for startup, restarts). */
        public int budgetSeconds() {
            return initialDelaySeconds + periodSeconds * failureThreshold;
        }
    }

    /** The preStop hook's command, or an empty list when there is none. */
    public List<String> preStop() {
        JsonNode lifecycle = container.path("lifecycle");
        unsupported(lifecycle, Set.of("preStop"), Set.of(), "lifecycle");
        JsonNode preStop = lifecycle.path("preStop");
        if (preStop.isMissingNode()) {
            return List.of();
        }
        if (!preStop.has("exec") || preStop.size() != 1) {
            throw fail("lifecycle.preStop: only exec hooks are run");
        }
        return Manifests.texts(preStop.at("/exec/command"));
    }

    public int terminationGracePeriodSeconds() {
        return pod.path("terminationGracePeriodSeconds").asInt(30);
    }

    /**
     * The {@code docker run} arguments (after "run") that start this pod detached on {@code network},
     * with each container port published on 127.0.0.1 at {@code hostPorts.get(containerPort)}.
     */
    public List<String> runArguments(String network, List<String> labels, Map<Integer, Integer> hostPorts) {
        List<String> args = new ArrayList<>(List.of("-d", "--name", containerName, "--hostname", containerName));
        labels.forEach(l -> args.addAll(List.of("--label", l)));
        args.addAll(List.of("--network", network));
        for (String service : services()) {
            for (String alias : List.of(
                    service,
                    service + "." + namespace(),
                    service + "." + namespace() + ".svc",
                    service + "." + namespace() + ".svc.cluster.local")) {
                args.addAll(List.of("--network-alias", alias));
            }
        }
        for (JsonNode port : container.path("ports")) {
            int number = port.path("containerPort").asInt();
            args.addAll(List.of(
                    "-p",
                    "127.0.0.1:" + hostPorts.get(number) + ":" + number + "/"
                            + port.path("protocol").asText("TCP").toLowerCase(java.util.Locale.ROOT)));
        }
        environment().forEach((name, value) -> args.addAll(List.of("-e", name + "=" + value)));
        args.addAll(securityArguments());
        args.addAll(volumeArguments());
        args.addAll(resourceArguments());
        args.addAll(List.of("--stop-timeout", String.valueOf(terminationGracePeriodSeconds())));
        if (container.has("workingDir")) {
            args.addAll(List.of("-w", container.path("workingDir").asText()));
        }
        // command replaces the image's ENTRYPOINT (and drops its CMD), args replace its CMD
        List<String> command = Manifests.texts(container.path("command"));
        if (!command.isEmpty()) {
            args.addAll(List.of("--entrypoint", command.get(0)));
        }
        args.add(image());
        if (command.size() > 1) {
            args.addAll(command.subList(1, command.size()));
        }
        args.addAll(Manifests.texts(container.path("args")));
        return args;
    }

    /**
     * The locally built image of the same repository as the rendered reference: a registry, a tag or
     * a digest set by an overlay's {@code images:} still names the image built from this tree.
     */
    public String image() {
        String reference = container.path("image").asText().replaceFirst("@.*", "");
        String repository = reference.replaceFirst(":[^:/]*$", "");
        return Docker.IMAGES.values().stream()
                .filter(local -> {
                    String localRepository = local.replaceFirst(":[^:/]*$", "");
                    return repository.equals(localRepository) || repository.endsWith("/" + localRepository);
                })
                .findFirst()
                .orElseThrow(() ->
                        fail("image " + container.path("image").asText() + " is none of " + Docker.IMAGES.values()));
    }

    /**
     * The container's environment as the kubelet makes it: resourceFieldRef values computed, and
     * secretKeyRef values read from the Secret (an optional one that is missing leaves the variable
     * out; a required one keeps the kubelet from starting the container, and fails here).
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode entry : container.path("env")) {
            String name = entry.path("name").asText();
            if (entry.has("value")) {
                String value = entry.path("value").asText();
                if (value.contains("$(")) {
                    throw fail("env " + name + ": $(VAR) references are not expanded here");
                }
                env.put(name, value);
            } else if (entry.at("/valueFrom/resourceFieldRef").isObject()) {
                env.put(name, resourceField(entry.at("/valueFrom/resourceFieldRef")));
            } else if (entry.at("/valueFrom/secretKeyRef").isObject()) {
                JsonNode ref = entry.at("/valueFrom/secretKeyRef");
                String secret = ref.path("name").asText();
                String key = ref.path("key").asText();
                Optional<String> value = secretValue(secret, key);
                if (value.isPresent()) {
                    env.put(name, value.get());
                } else if (!ref.path("optional").asBoolean(false)) {
                    throw fail("env " + name + ": Secret " + secret + " has no key " + key
                            + " (neither rendered nor given), and the kubelet would not start the container");
                }
            } else {
                throw fail("env " + name + ": only value, valueFrom.resourceFieldRef and valueFrom.secretKeyRef"
                        + " are supported");
            }
        }
        return env;
    }

    /** A key of a Secret the overlay renders (data is base64, stringData plain), else of a given one. */
    private Optional<String> secretValue(String secret, String key) {
        Optional<JsonNode> rendered = manifests.find("Secret", secret);
        if (rendered.isPresent()) {
            JsonNode data = rendered.get().path("data").path(key);
            if (!data.isMissingNode()) {
                return Optional.of(new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8));
            }
            JsonNode plain = rendered.get().path("stringData").path(key);
            return plain.isMissingNode() ? Optional.empty() : Optional.of(plain.asText());
        }
        return Optional.ofNullable(givenSecrets.getOrDefault(secret, Map.of()).get(key));
    }

    /** ceil(quantity / divisor), the kubelet's rounding of a container's request or limit. */
    private String resourceField(JsonNode ref) {
        String of = ref.path("containerName").asText(container.path("name").asText());
        if (!of.equals(container.path("name").asText())) {
            throw fail("resourceFieldRef names container " + of + ", not this pod's");
        }
        String[] resource = ref.path("resource").asText().split("\\.", 2);
        JsonNode quantity = resource.length == 2
                ? container.path("resources").path(resource[0]).path(resource[1])
                : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        if (quantity.isMissingNode()) {
            // without a limit, the kubelet would give the node's allocatable amount
            throw fail("resourceFieldRef " + ref.path("resource").asText() + " is not set on the container");
        }
        BigDecimal divisor = Quantities.parse(ref.path("divisor").asText("1"));
        return Quantities.parse(quantity.asText())
                .divide(divisor, 0, RoundingMode.CEILING)
                .toPlainString();
    }

    private List<String> securityArguments() {
        JsonNode podContext = pod.path("securityContext");
        JsonNode context = container.path("securityContext");
        List<String> args = new ArrayList<>();
        JsonNode user = context.has("runAsUser") ? context.path("runAsUser") : podContext.path("runAsUser");
        JsonNode group = context.has("runAsGroup") ? context.path("runAsGroup") : podContext.path("runAsGroup");
        boolean nonRoot = context.path("runAsNonRoot")
                .asBoolean(podContext.path("runAsNonRoot").asBoolean(false));
        String uid = user.isMissingNode()
                ? Docker.run("image", "inspect", "--format", "{{.Config.User}}", image())
                        .replaceFirst(":.*", "")
                : user.asText();
        if (nonRoot && (!uid.matches("\\d+") || Integer.parseInt(uid) == 0)) {
            // the kubelet refuses to start it: the user must be a non-zero number
            throw fail("runAsNonRoot, but the user is \"" + uid + "\"");
        }
        if (!user.isMissingNode()) {
            args.addAll(List.of("--user", uid + (group.isMissingNode() ? "" : ":" + group.asText())));
        }
        // fsGroup and supplementalGroups join the process's groups
        if (podContext.has("fsGroup")) {
            args.addAll(List.of("--group-add", podContext.path("fsGroup").asText()));
        }
        podContext.path("supplementalGroups").forEach(g -> args.addAll(List.of("--group-add", g.asText())));
        if (context.path("readOnlyRootFilesystem").asBoolean(false)) {
            args.add("--read-only");
        }
        if (!context.path("allowPrivilegeEscalation").asBoolean(true)) {
            args.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        Manifests.texts(context.at("/capabilities/drop")).forEach(c -> args.addAll(List.of("--cap-drop", c)));
        Manifests.texts(context.at("/capabilities/add")).forEach(c -> args.addAll(List.of("--cap-add", c)));
        String seccomp = context.at("/seccompProfile/type")
                .asText(podContext.at("/seccompProfile/type").asText("RuntimeDefault"));
        switch (seccomp) {
            case "RuntimeDefault" -> {} // Docker's default profile
            case "Unconfined" -> args.addAll(List.of("--security-opt", "seccomp=unconfined"));
            default -> throw fail("seccompProfile " + seccomp + " is not run here");
        }
        return args;
    }

    /**
     * Each mounted emptyDir as a tmpfs: executable like the node directory an emptyDir is, limited
     * to its sizeLimit, world-writable and, with an fsGroup, owned by that group with the setgid
     * bit, as the kubelet leaves it.
     */
    private List<String> volumeArguments() {
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        JsonNode fsGroup = pod.at("/securityContext/fsGroup");
        List<String> args = new ArrayList<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            JsonNode volume = volumes.get(mount.path("name").asText());
            if (volume == null || !volume.has("emptyDir") || volume.size() != 2 || mount.has("subPath")) {
                throw fail("volumeMount " + mount.path("name").asText() + ": only whole emptyDir volumes are run");
            }
            List<String> options =
                    new ArrayList<>(List.of(mount.path("readOnly").asBoolean(false) ? "ro" : "rw", "exec"));
            JsonNode sizeLimit = volume.at("/emptyDir/sizeLimit");
            if (!sizeLimit.isMissingNode()) {
                options.add("size=" + Quantities.parse(sizeLimit.asText()).toBigInteger());
            }
            options.add(fsGroup.isMissingNode() ? "mode=0777" : "mode=2777,gid=" + fsGroup.asText());
            args.addAll(List.of("--tmpfs", mount.path("mountPath").asText() + ":" + String.join(",", options)));
        }
        return args;
    }

    /**
     * Limits as the kernel's CPU quota and memory ceiling (no swap, as on a node), the CPU request
     * as the shares the kubelet gives (1024 per CPU). A CPU limit above the host's CPUs is capped
     * to them: Docker refuses more, and the pod could not use more anyway.
     */
    private List<String> resourceArguments() {
        JsonNode resources = container.path("resources");
        unsupported(resources.path("limits"), Set.of("cpu", "memory"), Set.of(), "resources.limits");
        unsupported(resources.path("requests"), Set.of("cpu", "memory"), Set.of(), "resources.requests");
        List<String> args = new ArrayList<>();
        JsonNode cpu = resources.at("/limits/cpu");
        if (!cpu.isMissingNode()) {
            BigDecimal hostCpus = new BigDecimal(Docker.run("info", "--format", "{{.NCPU}}"));
            args.addAll(List.of(
                    "--cpus", Quantities.parse(cpu.asText()).min(hostCpus).toPlainString()));
        }
        JsonNode memory = resources.at("/limits/memory");
        if (!memory.isMissingNode()) {
            String bytes = Quantities.parse(memory.asText()).toBigInteger().toString();
            args.addAll(List.of("--memory", bytes, "--memory-swap", bytes));
        }
        JsonNode cpuRequest = resources.at("/requests/cpu");
        if (!cpuRequest.isMissingNode()) {
            long shares = Quantities.parse(cpuRequest.asText())
                    .multiply(BigDecimal.valueOf(1024))
                    .longValue();
            args.addAll(List.of("--cpu-shares", String.valueOf(Math.max(2, shares))));
        }
        return args;
    }

    private String namespace() {
        return manifests.get("Deployment", deployment).at("/metadata/namespace").asText("default");
    }

    private void unsupported(JsonNode object, Set<String> handled, Set<String> ignored, String where) {
        object.fieldNames().forEachRemaining(field -> {
            if (!handled.contains(field) && !ignored.contains(field)) {
                throw fail(where + "." + field + " is not run here; teach PodRun what it means");
            }
        });
    }

    private AssertionError fail(String message) {
        return new AssertionError(manifests.overlay() + " Deployment/" + deployment + ": " + message);
    }
}
