package dev.digitrecognizer.deploy.support;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the metric names out of a PromQL expression (as written in Grafana, with $variables).
 * Not a parser: it removes what cannot be a metric name (strings, label matchers, ranges,
 * grouping clauses, numbers, Grafana variables), then takes the identifiers that are not
 * followed by "(" (functions and aggregations) and are not keywords.
 */
public final class PromQl {

    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "inf",
            "nan",
            "atan2");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\s*\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(,|\\{)");

    private PromQl() {}

    public static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        String s = expression;
        // Grafana's label_values(metric, label): only the first argument is a metric
        Matcher labelValues = LABEL_VALUES.matcher(s);
        if (labelValues.find()) {
            names.add(labelValues.group(1));
            return names;
        }
        s = s.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", " ");
        s = s.replaceAll("'(?:\\\\.|[^'\\\\])*'", " ");
        s = s.replaceAll("`[^`]*`", " ");
        s = s.replaceAll("\\{[^}]*}", " ");
        s = s.replaceAll("\\[[^]]*]", " ");
        s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        s = s.replaceAll("\\$\\{[^}]*}|\\$\\w+", " ");
        s = s.replaceAll("(?<![a-zA-Z_:])\\d+(\\.\\d+)?([eE][+-]?\\d+)?[smhdwy]?(?![a-zA-Z0-9_:])", " ");
        Matcher identifier = IDENTIFIER.matcher(s);
        while (identifier.find()) {
            String name = identifier.group();
            String rest = s.substring(identifier.end()).stripLeading();
            if (rest.startsWith("(") || KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            names.add(name);
        }
        return names;
    }
}
