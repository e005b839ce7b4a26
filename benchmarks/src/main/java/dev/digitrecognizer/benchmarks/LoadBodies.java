package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.gateway.imaging.ImageDecoder;
import dev.digitrecognizer.gateway.imaging.InkExtractor;
import dev.digitrecognizer.gateway.imaging.MnistPreprocessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.StringJoiner;

/** Writes the request bodies of the HTTP load runs: the gateway's predict JSON and the protocol's infer JSON. */
public final class LoadBodies {
    private LoadBodies() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        byte[] png = Drawing.png();
        String image = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        for (String model : new String[] {"cnn", "mlp", "scratch"}) {
            Files.writeString(dir.resolve("predict-" + model + ".json"),
                    "{\"image\":\"" + image + "\",\"model\":\"" + model + "\"}");
        }
        float[] input = MnistPreprocessor.toMnist(InkExtractor.extract(new ImageDecoder(5L << 20, 1L << 24).decode(png)));
        StringJoiner data = new StringJoiner(",");
        for (float v : input) {
            data.add(Float.toString(v));
        }
        Files.writeString(dir.resolve("infer.json"),
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,784],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}");
    }
}
