package dev.digitrecognizer.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard, deploy/grafana/dashboards/digit-recognizer.json. */
public final class Dashboard {
    public static final String PATH = "deploy/grafana/dashboards/digit-recognizer.json";
    private static final Pattern EXPR = Pattern.compile("\"expr\"\\s*:\\s*\"((?:\\\\.|[^\"\\\\])*)\"");

    private Dashboard() {}

    public static JsonNode json() {
        return Yaml.json(Repo.read(PATH));
    }

    /**
     * Every PromQL string of the dashboard: the "expr" fields, found by a regex over the JSON text
     * (so that no nesting of panels can hide one), plus the queries of "query" template variables.
     */
    public static List<String> expressions() {
        Matcher m = EXPR.matcher(Repo.read(PATH));
        List<String> expressions = new ArrayList<>();
        while (m.find()) {
            expressions.add(Yaml.json("\"" + m.group(1) + "\"").asText());
        }
        for (JsonNode variable : json().at("/templating/list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                expressions.add(query.isObject() ? query.path("query").asText() : query.asText());
            }
        }
        return expressions;
    }
}
