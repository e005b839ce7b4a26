package dev.digitrecognizer.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** YAML and JSON parsing with Jackson. */
public final class Yaml {

    public static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());
    public static final ObjectMapper JSON = JsonMapper.builder().build();

    private Yaml() {}

    /** Every non-empty document of a multi-document YAML stream ("---" separated). */
    public static List<JsonNode> documents(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode document = it.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not valid YAML", e);
        }
        return documents;
    }

    public static JsonNode document(String yaml) {
        List<JsonNode> documents = documents(yaml);
        if (documents.size() != 1) {
            throw new IllegalArgumentException("expected one YAML document, found " + documents.size());
        }
        return documents.get(0);
    }

    public static JsonNode json(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not valid JSON", e);
        }
    }
}
