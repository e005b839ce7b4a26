package dev.digitrecognizer.inference.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An infer answer in the binary tensor extension, as {@link BinaryRequest} is a request: the JSON
 * answer, whose output declares its {@code binary_data_size} in place of {@code data}, then the
 * output as little-endian FP32; {@value BinaryRequest#HEADER_LENGTH} gives the JSON's length.
 */
final class BinaryResponse {
    private BinaryResponse() {}

    static Response of(InferResponse header, float[] output, ObjectMapper json) {
        byte[] head;
        try {
            head = json.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer body = ByteBuffer.allocate(head.length + output.length * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(head);
        body.asFloatBuffer().put(output);
        return Response.ok(body.array(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(BinaryRequest.HEADER_LENGTH, head.length)
                .build();
    }
}
