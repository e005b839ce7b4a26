package dev.digitrecognizer.inference.dataplane;

import java.util.List;

/** What {@code GET /v2} and gRPC's ServerMetadata answer: the extensions really served. */
public record ServerMetadata(String name, String version, List<String> extensions) {
    static final ServerMetadata SERVER = new ServerMetadata(
            "digit-recognizer-inference", "1.0.0", List.of("binary_tensor_data", "statistics", "model_repository"));
}
