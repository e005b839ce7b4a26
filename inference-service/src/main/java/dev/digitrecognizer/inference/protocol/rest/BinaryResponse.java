package dev.digitrecognizer.inference.protocol.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.inference.protocol.Fp32Bytes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;

/**
 * An infer answer in the binary tensor extension, as {@link BinaryRequest} is a request: the JSON
 * answer, whose output declares its {@code binary_data_size} in place of {@code data}, then the
 * output as little-endian FP32 ({@link Fp32Bytes}); {@value BinaryRequest#HEADER_LENGTH} gives the JSON's length.
 */
final class BinaryResponse {
    private BinaryResponse() {}

    static Response of(InferenceResponse header, float[] output, ObjectMapper json) {
        byte[] head;
        try {
            head = json.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok(Fp32Bytes.pack(head, output), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(BinaryRequest.HEADER_LENGTH, head.length)
                .build();
    }
}
