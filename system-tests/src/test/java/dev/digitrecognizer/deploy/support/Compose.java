package dev.digitrecognizer.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker-compose.yml at the repository root. */
public final class Compose {

    private Compose() {}

    /**
     * The client that runs docker-compose.yml as project {@code project}: Compose v2 ({@code docker
     * compose}) where it is installed, else Debian's docker-compose 1.29. The file must work under both.
     */
    public static List<String> command(String project) {
        boolean v2 =
                Processes.run(List.of("docker", "compose", "version"), Map.of(), null, java.time.Duration.ofSeconds(20))
                                .exitCode()
                        == 0;
        List<String> command = new ArrayList<>(v2 ? List.of("docker", "compose") : List.of("docker-compose"));
        command.addAll(List.of("-f", Repo.path("docker-compose.yml").toString(), "-p", project));
        return command;
    }

    public static JsonNode file() {
        return Yaml.document(Repo.read("docker-compose.yml"));
    }

    public static JsonNode service(String name) {
        JsonNode service = file().path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** The environment of a service, whether written as a map or as a list of NAME=value. */
    public static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = service.path("environment");
        if (environment.isObject()) {
            environment
                    .fields()
                    .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        } else {
            for (JsonNode entry : environment) {
                String[] parts = entry.asText().split("=", 2);
                env.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return env;
    }

    /** The words of a healthcheck test, without the leading CMD / CMD-SHELL. */
    public static List<String> healthcheckCommand(JsonNode service) {
        JsonNode test = service.path("healthcheck").path("test");
        List<String> words = new ArrayList<>();
        if (test.isArray()) {
            test.forEach(w -> words.add(w.asText()));
            if (!words.isEmpty() && words.get(0).startsWith("CMD")) {
                words.remove(0);
            }
        } else if (test.isTextual()) {
            words.addAll(List.of(test.asText().trim().split("\\s+")));
        }
        return words;
    }

    /** The first http:// URL of a healthcheck. */
    public static URI healthcheckUrl(JsonNode service) {
        return healthcheckCommand(service).stream()
                .filter(w -> w.startsWith("http://"))
                .map(URI::create)
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("healthcheck without an http:// URL: " + service.path("healthcheck")));
    }
}
