package dev.digitrecognizer.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A real HTTP server speaking enough of the Open Inference Protocol, with one model per way of
 * failing: {@code cnn} is broken (500 for everything), {@code mlp} is healthy, {@code scratch} is
 * shedding load (503 with {@code Retry-After: 3}) and {@code slow} answers after 1.5 s, alive.
 */
public class FakeInferenceResource implements QuarkusTestResourceLifecycleManager {
    public static final String RETRY_AFTER = "3";
    private static final String PROBS = "[0.01,0.01,0.01,0.01,0.01,0.01,0.01,0.91,0.01,0.01]";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v2/health/ready", exchange -> send(exchange, 200, "{\"ready\":true}"));
        server.createContext("/v2/models/", FakeInferenceResource::model);
        server.start();
        return Map.of(
                "gateway.inference.transport", // the fake speaks REST only
                "http",
                "quarkus.rest-client.inference.url",
                "http://localhost:" + server.getAddress().getPort(),
                "gateway.models",
                "cnn,mlp,scratch,slow");
    }

    private static void model(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String[] path = exchange.getRequestURI().getPath().split("/");
        String model = path[3];
        boolean infer = path.length > 4 && path[4].equals("infer");
        switch (model) {
            case "cnn" -> send(exchange, 500, "{\"error\":\"model cnn failed to load\"}");
            case "scratch" -> {
                if (infer) {
                    exchange.getResponseHeaders().add("Retry-After", RETRY_AFTER);
                    send(exchange, 503, "{\"error\":\"queue full\"}");
                } else {
                    card(exchange, model);
                }
            }
            case "slow" -> {
                if (infer) {
                    sleep();
                }
                answer(exchange, model, infer);
            }
            default -> answer(exchange, model, infer);
        }
    }

    private static void answer(HttpExchange exchange, String model, boolean infer) throws IOException {
        if (!infer) {
            card(exchange, model);
            return;
        }
        send(
                exchange,
                200,
                "{\"model_name\":\"" + model + "\",\"outputs\":[{\"name\":\"probs\",\"shape\":[1,10],"
                        + "\"datatype\":\"FP32\",\"data\":" + PROBS + "}]}");
    }

    private static void card(HttpExchange exchange, String model) throws IOException {
        send(exchange, 200, "{\"name\":\"" + model + "\",\"card\":{\"name\":\"" + model + "\"}}");
    }

    private static void sleep() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers with a JSON body; for the other fake inference services of the tests too. */
    public static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
