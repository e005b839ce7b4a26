package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.preprocessing.Preprocessor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.StringJoiner;

/**
 * Writes the request bodies of the HTTP load runs: the gateway's predict JSON (and number-cnn.json,
 * the 4-digit number of {@link Drawing#numberPng} for /number), the protocol's infer
 * JSON and its binary form (infer.bin, with the JSON header's length in infer.bin.header-length),
 * and a 4000x3000 phone-photo-sized JPEG of the same drawing (photo.jpg).
 */
public final class LoadBodies {
    /** The JSON header of a one-row binary infer request; its length goes in Inference-Header-Content-Length. */
    static final String BINARY_HEADER = "{\"inputs\":[{\"name\":\"" + ModelContract.INPUT + "\",\"shape\":[1,"
            + ModelContract.PIXELS + "],\"datatype\":\"" + ModelContract.DATATYPE
            + "\",\"parameters\":{\"binary_data_size\":" + ModelContract.ROW_BYTES + "}}]}";

    private LoadBodies() {}

    /** A one-row binary infer request: {@link #BINARY_HEADER}, then the row's floats, little-endian. */
    static byte[] binaryInfer(float[] row) {
        ByteBuffer binary = ByteBuffer.allocate(BINARY_HEADER.length() + ModelContract.ROW_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        binary.put(BINARY_HEADER.getBytes(StandardCharsets.US_ASCII));
        binary.asFloatBuffer().put(row);
        return binary.array();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        byte[] png = Drawing.png();
        for (String model : ServedModels.digitModels()) {
            Files.writeString(dir.resolve("predict-" + model + ".json"), gatewayBody(png, model));
        }
        Files.writeString(dir.resolve("number-cnn.json"), gatewayBody(Drawing.numberPng(), "cnn"));
        float[] input = new Preprocessor().toModelInput(png).pixels();
        StringJoiner data = new StringJoiner(",");
        for (float v : input) {
            data.add(Float.toString(v));
        }
        Files.write(dir.resolve("infer.bin"), binaryInfer(input));
        Files.writeString(dir.resolve("infer.bin.header-length"), Integer.toString(BINARY_HEADER.length()));
        Files.write(dir.resolve("photo.jpg"), LargeImages.photoJpeg());
        Files.writeString(
                dir.resolve("infer.json"),
                "{\"inputs\":[{\"name\":\"" + ModelContract.INPUT + "\",\"shape\":[1," + ModelContract.PIXELS
                        + "],\"datatype\":\"" + ModelContract.DATATYPE + "\",\"data\":[" + data + "]}]}");
    }

    /** The gateway's JSON body: the PNG as a data URL, and the model. */
    private static String gatewayBody(byte[] png, String model) {
        return "{\"image\":\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\",\"model\":\""
                + model + "\"}";
    }
}
