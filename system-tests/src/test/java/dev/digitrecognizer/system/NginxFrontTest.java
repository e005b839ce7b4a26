package dev.digitrecognizer.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.deploy.support.Nginx;
import dev.digitrecognizer.deploy.support.Repo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The repository's nginx config, run by a real nginx, in front of the real running gateway. */
@ExtendWith(RunningSystem.class)
class NginxFrontTest {
    @TempDir
    static Path dir;

    private static Nginx nginx;

    @BeforeAll
    static void start() throws IOException {
        Nginx.requireInstalled();
        nginx = Nginx.start(dir, RunningSystem.get().url(), Repo.path("frontend"));
    }

    @AfterAll
    static void stop() {
        nginx.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + nginx.port() + path;
    }

    @Test
    void servesThePageUnderItsContentSecurityPolicy() {
        Api.Reply page = Api.get(url("/"));
        assertEquals(200, page.status());
        assertTrue(page.raw().body().contains("<canvas"));
        assertTrue(page.raw()
                .headers()
                .firstValue("Content-Security-Policy")
                .orElse("")
                .contains("default-src 'self'"));
    }

    @Test
    void proxiesARealPredictionToTheGateway() {
        Api.Reply reply = Api.post(url("/api/v1/predict"), Map.of("image", Api.canvas(1), "model", "scratch"));
        assertEquals(200, reply.status(), () -> reply.raw().body() + "\n" + nginx.errorLog());
        assertEquals(Api.mnist().labels()[1], reply.body().get("digit").asInt());
    }

    @Test
    void passesTheGatewaysProblemsThrough() {
        Api.Reply reply = Api.post(url("/api/v1/predict"), Map.of("image", Api.canvas(1), "model", "resnet"));
        assertEquals(404, reply.status());
        assertEquals("application/problem+json", reply.contentType());
    }
}
