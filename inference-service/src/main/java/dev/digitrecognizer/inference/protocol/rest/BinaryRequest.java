package dev.digitrecognizer.inference.protocol.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.inference.dataplane.Failure.InvalidInput;
import dev.digitrecognizer.inference.protocol.Fp32Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An infer request in the protocol's binary tensor extension: a JSON header of the length given
 * in {@value #HEADER_LENGTH}, then the raw little-endian bytes of the inputs that declare a
 * {@code binary_data_size}, in order ({@link Fp32Bytes}).
 */
record BinaryRequest(InferenceRequest header, ByteBuffer data) {
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    static BinaryRequest parse(byte[] body, String headerLength, ObjectMapper json) {
        if (headerLength == null) {
            throw new InvalidInput("a binary infer request needs the " + HEADER_LENGTH + " header");
        }
        int length;
        try {
            length = Integer.parseInt(headerLength.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInput(HEADER_LENGTH + " must be a number of bytes, not '" + headerLength + "'");
        }
        if (length < 0 || length > body.length) {
            throw new InvalidInput(HEADER_LENGTH + " is " + length + ", but the body has " + body.length + " bytes");
        }
        try {
            InferenceRequest header = json.readValue(body, 0, length, InferenceRequest.class);
            return new BinaryRequest(
                    header, ByteBuffer.wrap(body, length, body.length - length).slice());
        } catch (JsonProcessingException e) {
            throw new InvalidInput("in the JSON header, " + JsonMistakes.describe(e));
        } catch (IOException e) {
            throw new InvalidInput("the JSON header could not be read: it is not text in a JSON encoding");
        }
    }
}
