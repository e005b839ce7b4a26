package dev.digitrecognizer.gateway;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;

/** A real HTTP server where the inference service should be, that takes 10 s to answer anything; the requests' budget is 2 s. */
public class SlowInferenceResource implements QuarkusTestResourceLifecycleManager {
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        return Map.of(
                "gateway.inference.transport", // the fake speaks REST only
                "http",
                "quarkus.rest-client.inference.url",
                "http://localhost:" + server.getAddress().getPort(),
                "gateway.request-budget",
                "2s");
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
