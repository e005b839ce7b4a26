package dev.digitrecognizer.deploy.support;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a Quarkus service really serves and reads, taken from its sources at test time:
 * {@code <service>-service/src/main/resources/application.properties}, its pom.xml and its
 * {@code @ConfigMapping} interfaces.
 */
public final class Services {

    private static final Pattern CONFIG_MAPPING =
            Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    /** An abstract no-argument method of an interface: {@code int maxBatchSize();} */
    private static final Pattern ACCESSOR = Pattern.compile(
            "(?m)^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*([\\w.<>\\[\\], ?]+?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");

    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");

    private final String name;

    private Services(String name) {
        this.name = name;
    }

    /** "inference" or "gateway". */
    public static Services of(String name) {
        return new Services(name);
    }

    public Path moduleDir() {
        return Repo.path(name + "-service");
    }

    public Path applicationProperties() {
        return moduleDir().resolve("src/main/resources/application.properties");
    }

    /** application.properties, without %profile. prefixes; fails the test if the service does not exist yet. */
    public Properties properties() {
        Path file = applicationProperties();
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(Repo.root().relativize(file) + " does not exist (yet): the " + name
                    + " service must be written before its deployment can be cross-checked");
        }
        Properties raw = new Properties();
        try {
            raw.load(new StringReader(Repo.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties properties = new Properties();
        // plain keys win over profile-specific ones; the prod profile is what runs in a container
        raw.stringPropertyNames().stream()
                .filter(k -> k.startsWith("%prod."))
                .forEach(k -> properties.setProperty(k.substring(6), raw.getProperty(k)));
        raw.stringPropertyNames().stream()
                .filter(k -> !k.startsWith("%"))
                .forEach(k -> properties.setProperty(k, raw.getProperty(k)));
        return properties;
    }

    /** quarkus.http.port, or Quarkus' default 8080 if application.properties leaves it out. */
    public int httpPort() {
        return Integer.parseInt(
                properties().getProperty("quarkus.http.port", "8080").trim());
    }

    /** quarkus.grpc.server.port, if the service serves gRPC. */
    public OptionalInt grpcPort() {
        String port = properties().getProperty("quarkus.grpc.server.port");
        return port == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(port.trim()));
    }

    /** Every port the service listens on: HTTP first, then gRPC if it serves it. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>(List.of(httpPort()));
        grpcPort().ifPresent(ports::add);
        return ports;
    }

    public String pom() {
        Path pom = moduleDir().resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            throw new AssertionError(Repo.root().relativize(pom) + " does not exist (yet)");
        }
        return Repo.read(pom);
    }

    /** The text of every Java source under src/main/java. */
    public List<String> mainSources() {
        Path dir = moduleDir().resolve("src/main/java");
        if (!Files.isDirectory(dir)) {
            throw new AssertionError(Repo.root().relativize(dir) + " does not exist (yet)");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .sorted()
                    .map(Repo::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The prefixes of the service's {@code @ConfigMapping} interfaces. */
    public Set<String> mappingPrefixes() {
        Set<String> prefixes = new TreeSet<>();
        for (String source : mainSources()) {
            Matcher m = CONFIG_MAPPING.matcher(source);
            while (m.find()) {
                prefixes.add(m.group(1));
            }
        }
        return prefixes;
    }

    /**
     * The property-name segments the config mappings define: every accessor of a {@code @ConfigMapping}
     * source file, in kebab-case (maxQueueDelayMicros becomes max-queue-delay-micros), plus
     * {@code @WithName} values, following nested group interfaces declared in other files.
     */
    public Set<String> mappingSegments() {
        List<String> sources = mainSources();
        Set<String> segments = new TreeSet<>();
        Set<String> visited = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        sources.stream().filter(s -> CONFIG_MAPPING.matcher(s).find()).forEach(queue::add);
        while (!queue.isEmpty()) {
            String source = queue.poll();
            if (!visited.add(source)) {
                continue;
            }
            Matcher accessor = ACCESSOR.matcher(source);
            while (accessor.find()) {
                segments.add(kebab(accessor.group(2)));
                String type = accessor.group(1)
                        .replaceAll(".*<\\s*([\\w.]+)\\s*>.*", "$1")
                        .replaceAll(".*\\.", "")
                        .trim();
                for (String other : sources) {
                    Matcher declared = INTERFACE.matcher(other);
                    while (declared.find()) {
                        if (declared.group(1).equals(type)) {
                            queue.add(other);
                        }
                    }
                }
            }
            Matcher withName = WITH_NAME.matcher(source);
            while (withName.find()) {
                segments.addAll(List.of(withName.group(1).split("\\.")));
            }
        }
        return segments;
    }

    /**
     * Whether the service reads this environment variable: a QUARKUS_* key, the environment form
     * of a key in application.properties, or PREFIX_SEGMENT_SEGMENT... where PREFIX is a
     * {@code @ConfigMapping} prefix and the rest splits into that mapping's property segments.
     */
    public boolean reads(String env) {
        if (env.startsWith("QUARKUS_")) {
            return true;
        }
        for (String key : properties().stringPropertyNames()) {
            if (environmentName(key).equals(env)) {
                return true;
            }
        }
        Set<String> segments = mappingSegments();
        for (String prefix : mappingPrefixes()) {
            String envPrefix = environmentName(prefix) + "_";
            if (env.startsWith(envPrefix)
                    && splitsIntoSegments(
                            env.substring(envPrefix.length())
                                    .toLowerCase(Locale.ROOT)
                                    .split("_"),
                            segments)) {
                return true;
            }
        }
        return false;
    }

    /** SmallRye Config's environment-variable form of a property name. */
    public static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static boolean splitsIntoSegments(String[] words, Set<String> segments) {
        boolean[] reachable = new boolean[words.length + 1];
        reachable[0] = true;
        for (int start = 0; start < words.length; start++) {
            if (!reachable[start]) {
                continue;
            }
            for (int end = start + 1; end <= words.length; end++) {
                String candidate = String.join("-", List.of(words).subList(start, end));
                if (segments.contains(candidate)) {
                    reachable[end] = true;
                }
            }
        }
        return words.length > 0 && reachable[words.length];
    }
}
