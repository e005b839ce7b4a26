package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.preprocessing.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.StringJoiner;

/** Writes the request bodies of the HTTP load runs: the gateway's predict JSON and the protocol's infer JSON. */
public final class LoadBodies {
    private LoadBodies() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        byte[] png = Drawing.png();
        String image = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        for (String model : ServedModels.names()) {
            Files.writeString(
                    dir.resolve("predict-" + model + ".json"),
                    "{\"image\":\"" + image + "\",\"model\":\"" + model + "\"}");
        }
        float[] input = new Preprocessor().toModelInput(png).pixels();
        StringJoiner data = new StringJoiner(",");
        for (float v : input) {
            data.add(Float.toString(v));
        }
        Files.writeString(
                dir.resolve("infer.json"),
                "{\"inputs\":[{\"name\":\"" + ModelContract.INPUT + "\",\"shape\":[1," + ModelContract.PIXELS
                        + "],\"datatype\":\"" + ModelContract.DATATYPE + "\",\"data\":[" + data + "]}]}");
    }
}
