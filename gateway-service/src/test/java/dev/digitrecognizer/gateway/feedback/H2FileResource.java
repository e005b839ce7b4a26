package dev.digitrecognizer.gateway.feedback;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A fresh H2 file database in a scratch folder, in the form of the gateway's default. */
public class H2FileResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        try {
            Path folder = Files.createTempDirectory("feedback-h2");
            return Map.of("gateway.feedback.db.url", "jdbc:h2:file:" + folder.resolve("feedback") + ";MODE=PostgreSQL");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {}
}
