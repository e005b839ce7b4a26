package dev.digitrecognizer.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Clients that post the same request over and over, each waiting for its answer before the next,
 * until stopped; every answer is kept with when it was asked and answered, so that a test can
 * pick the requests in flight at a given instant. A bounded run: {@link #stop} ends it.
 */
final class Load {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(40);

    /** One answer, or the error that stood for it ({@code status} -1). */
    record Outcome(
            long sentNanos,
            long answeredNanos,
            int status,
            String contentType,
            String retryAfter,
            String body,
            String error) {

        boolean inFlightAt(long nanos) {
            return sentNanos < nanos && nanos < answeredNanos;
        }

        boolean sentAfter(long nanos) {
            return sentNanos > nanos;
        }

        /** A whole JSON answer: 200 with the body parsed to its end. */
        boolean answered() {
            return status == 200 && contentType.startsWith("application/json") && parses();
        }

        /** A 503 that says in problem+json why, and when to come back. */
        boolean refusedPolitely() {
            return status == 503 && contentType.equals("application/problem+json") && retryAfter != null && parses();
        }

        private boolean parses() {
            try {
                return JSON.readTree(body).isObject();
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return status == -1
                    ? "error " + error
                    : status + " " + contentType + (retryAfter == null ? "" : " Retry-After " + retryAfter) + " "
                            + (body.length() > 160 ? body.substring(0, 160) + "..." : body);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final ExecutorService clients;
    private volatile boolean running = true;

    private Load(URI url, String body, int concurrency) {
        clients = Executors.newFixedThreadPool(concurrency);
        HttpRequest request = request(url, body);
        for (int i = 0; i < concurrency; i++) {
            clients.submit(() -> {
                while (running) {
                    outcomes.add(send(request));
                }
            });
        }
    }

    /** Starts {@code concurrency} clients posting {@code body} (JSON) to {@code url}. */
    static Load start(URI url, String body, int concurrency) {
        return new Load(url, body, concurrency);
    }

    /** Posts {@code body} (JSON) to {@code url} once. */
    static Outcome post(URI url, String body) {
        return send(request(url, body));
    }

    private static HttpRequest request(URI url, String body) {
        return HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Every answer so far. */
    List<Outcome> outcomes() {
        return new ArrayList<>(outcomes);
    }

    /** Stops the clients once their requests are answered, and returns every answer. */
    List<Outcome> stop() {
        running = false;
        clients.shutdown();
        try {
            if (!clients.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                clients.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return outcomes();
    }

    private static Outcome send(HttpRequest request) {
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(
                    sent,
                    System.nanoTime(),
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.body(),
                    null);
        } catch (IOException e) {
            return new Outcome(sent, System.nanoTime(), -1, "", null, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(sent, System.nanoTime(), -1, "", null, "", e.toString());
        }
    }
}
