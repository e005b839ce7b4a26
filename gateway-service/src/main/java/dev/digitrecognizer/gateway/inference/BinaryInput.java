package dev.digitrecognizer.gateway.inference;

import dev.digitrecognizer.mnist.ModelContract;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Rows of model input, one per image, as one tensor [N, 784] in the protocol's binary tensor
 * extension: the JSON header, then the floats as little-endian bytes. Sent this way, a row of 784
 * floats is 3 KB instead of about 6 KB of text that both sides would have to format and parse, and
 * the digits of a number go in one request, which the model computes as one batch.
 */
record BinaryInput(byte[] body, int headerLength) {

    static BinaryInput of(float[][] rows) {
        int bytes = rows.length * ModelContract.ROW_BYTES;
        byte[] header = ("{\"inputs\":[{\"name\":\"" + ModelContract.INPUT + "\",\"shape\":[" + rows.length + ","
                        + ModelContract.PIXELS + "],\"datatype\":\"" + ModelContract.DATATYPE
                        + "\",\"parameters\":{\"binary_data_size\":" + bytes + "}}]}")
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(header.length + bytes).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header);
        put(rows, body.asFloatBuffer());
        return new BinaryInput(body.array(), header.length);
    }

    /** The rows' floats alone, little-endian: gRPC's raw_input_contents. */
    static byte[] littleEndian(float[][] rows) {
        ByteBuffer bytes =
                ByteBuffer.allocate(rows.length * ModelContract.ROW_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        put(rows, bytes.asFloatBuffer());
        return bytes.array();
    }

    private static void put(float[][] rows, FloatBuffer floats) {
        for (float[] row : rows) {
            floats.put(row);
        }
    }
}
