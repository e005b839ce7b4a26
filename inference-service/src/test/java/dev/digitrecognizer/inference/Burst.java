package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;

import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Many infer requests at once, and the batch sizes the server reports for them. */
final class Burst {
    private Burst() {}

    /** Sends one request per body, {@code clients} at a time; returns the status codes in order. */
    static List<Integer> send(String model, List<Object> bodies, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (Object body : bodies) {
                calls.add(() -> given().contentType(ContentType.JSON)
                        .body(body)
                        .post("/v2/models/{name}/infer", model)
                        .statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
            return statuses;
        } finally {
            pool.shutdown();
        }
    }

    /** The largest batch ONNX Runtime has run for the model, from /q/metrics. */
    static double maxBatchSize(String model) {
        return metric("inference_batch_size_max", model);
    }

    /** The longest a request for the model has waited for its batch, from /q/metrics. */
    static double maxQueueSeconds(String model) {
        return metric("inference_queue_seconds_max", model);
    }

    private static double metric(String name, String model) {
        String prefix = name + "{model=\"" + model + "\"} ";
        return when().get("/q/metrics")
                .then()
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
                .findFirst()
                .orElseThrow();
    }
}
