package dev.digitrecognizer.gateway.prediction;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.imaging.ImageDecoder;
import dev.digitrecognizer.gateway.imaging.InkExtractor;
import dev.digitrecognizer.gateway.imaging.MnistPreprocessor;
import dev.digitrecognizer.gateway.inference.InferenceClient;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes and preprocesses an image once, then asks each requested model about it. */
@ApplicationScoped
public class PredictionService {
    private final ImageDecoder decoder;
    private final InferenceClient inference;
    private final GatewayMetrics metrics;

    PredictionService(GatewayConfig config, InferenceClient inference, GatewayMetrics metrics) {
        this.decoder = new ImageDecoder(config.maxImageBytes(), config.maxImagePixels());
        this.inference = inference;
        this.metrics = metrics;
    }

    public byte[] fromBase64(String image) {
        return decoder.fromBase64(image);
    }

    public Answer predict(byte[] image, List<String> models) {
        long start = System.nanoTime();
        BufferedImage decoded = decoder.decode(image);
        long decodedAt = System.nanoTime();
        float[] input = MnistPreprocessor.toMnist(InkExtractor.extract(decoded));
        long preprocessedAt = System.nanoTime();
        metrics.preprocessed(preprocessedAt - start);

        List<Prediction> predictions = new ArrayList<>(models.size());
        for (String model : models) {
            long called = System.nanoTime();
            Prediction prediction = Prediction.of(model, inference.probabilities(model, input));
            metrics.inferred(model, System.nanoTime() - called);
            metrics.predicted(model, prediction.digit());
            predictions.add(prediction);
        }
        long end = System.nanoTime();
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("decodeMs", millis(decodedAt - start));
        timings.put("preprocessMs", millis(preprocessedAt - decodedAt));
        timings.put("inferenceMs", millis(end - preprocessedAt));
        timings.put("totalMs", millis(end - start));
        return new Answer(predictions, input, timings);
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
