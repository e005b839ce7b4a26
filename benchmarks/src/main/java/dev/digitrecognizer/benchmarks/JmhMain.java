package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.fixtures.ServedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks and writes their table, with the throughput limit they imply: one
 * request costs decode + preprocess + model compute on one core, so the machine can serve at
 * most cores / cost requests a second.
 */
public final class JmhMain {
    private JmhMain() {}

    public static void main(String[] args) throws RunnerException, IOException {
        Path output = Path.of(args.length > 0 ? args[0] : "benchmarks/results/jmh.md");
        List<String> models = ServedModels.digitModels();
        Options options = new OptionsBuilder()
                .include(JmhMain.class.getPackageName() + ".*Benchmark")
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.MICROSECONDS)
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2))
                .param("model", models.toArray(String[]::new))
                .jvmArgsAppend(
                        "-Dmnist.dir=" + System.getProperty("mnist.dir", "data/mnist"),
                        "-Dmodel.repository=" + ServedModels.repository())
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, Double> micros = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark().replaceAll(".*\\.(\\w+Benchmark\\.\\w+)$", "$1");
            String params = result.getParams().getParamsKeys().stream()
                    .map(k -> k + "=" + result.getParams().getParam(k))
                    .reduce((a, b) -> a + ", " + b)
                    .orElse("");
            double score = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            String batch = result.getParams().getParam("batch");
            String perImage = batch == null ? "" : String.format(Locale.ROOT, "%.1f", score / Integer.parseInt(batch));
            rows.add(
                    String.format(Locale.ROOT, "| %s | %s | %.1f ± %.1f | %s |", name, params, score, error, perImage));
            micros.put(name + (params.isEmpty() ? "" : " " + params), score);
        }

        int cores = Runtime.getRuntime().availableProcessors();
        double decode = micros.get("PreprocessingBenchmark.decode");
        double preprocess = micros.get("PreprocessingBenchmark.preprocess");
        StringBuilder table = new StringBuilder();
        table.append("| benchmark | parameters | µs/op | µs per image |\n| --- | --- | --- | --- |\n");
        rows.forEach(row -> table.append(row).append('\n'));
        table.append("\n| model | one request: decode + preprocess + compute (µs) | limit on ")
                .append(cores)
                .append(" cores (requests/s) | with batched compute (requests/s) |\n| --- | --- | --- | --- |\n");
        for (String model : models) {
            double single = micros.get("OnnxRuntimeBenchmark.run batch=1, model=" + model);
            double batched = micros.get("OnnxRuntimeBenchmark.run batch=64, model=" + model) / 64;
            double cost = decode + preprocess + single;
            double batchedCost = decode + preprocess + batched;
            table.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %.0f | %.0f |%n",
                    model,
                    cost,
                    cores * 1e6 / cost,
                    cores * 1e6 / batchedCost));
        }
        table.append(String.format(
                Locale.ROOT,
                "%nJMH %s, 1 fork, 3x2 s warm-up, 5x2 s measurement, average time; " + "%d cores, Java %s.%n",
                org.openjdk.jmh.util.Version.getPlainVersion(),
                cores,
                System.getProperty("java.version")));
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, table);
        System.out.println(table);
    }
}
