package dev.digitrecognizer.system;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's Prometheus text, read sample by sample, as Prometheus itself reads it. */
final class Metrics {
    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+-?\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Metrics() {}

    /** What {@code GET <base>/q/metrics} answers now. */
    static String scrape(String base) {
        Api.Reply reply = Api.get(base + "/q/metrics");
        if (reply.status() != 200) {
            throw new AssertionError("GET " + base + "/q/metrics answered " + reply.status());
        }
        return reply.raw().body();
    }

    /**
     * The sum of the samples named {@code name} whose labels include {@code labels} (others may be
     * there too, in any order); 0 when there is none, as for a counter not yet incremented.
     */
    static double sum(String text, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(sample.group(3));
            }
        }
        return sum;
    }
}
