package dev.digitrecognizer.inference.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.inference.oip.OipErrors.InvalidInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An infer request in the protocol's binary tensor extension: a JSON header of the length given
 * in {@value #HEADER_LENGTH}, then the raw little-endian bytes of the inputs that declare a
 * {@code binary_data_size}, in order.
 */
record BinaryRequest(InferRequest header, ByteBuffer data) {
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
            InferRequest header = json.readValue(body, 0, length, InferRequest.class);
            return new BinaryRequest(
                    header,
                    ByteBuffer.wrap(body, length, body.length - length).slice().order(ByteOrder.LITTLE_ENDIAN));
        } catch (JsonProcessingException e) {
            throw new InvalidInput("in the JSON header, " + JsonMistakes.describe(e));
        } catch (IOException e) {
            throw new InvalidInput("the JSON header could not be read: it is not text in a JSON encoding");
        }
    }
}
