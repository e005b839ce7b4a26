package dev.digitrecognizer.inference.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * FP32 values as both protocols carry them in bytes: little-endian, four bytes each, in gRPC's
 * raw contents and in the binary tensor extension's data after its JSON header.
 */
public final class Fp32Bytes {
    private static final byte[] NO_HEAD = new byte[0];

    private Fp32Bytes() {}

    /** The values alone. */
    public static byte[] pack(float[] values) {
        return pack(NO_HEAD, values);
    }

    /** {@code head}, then the values. */
    public static byte[] pack(byte[] head, float[] values) {
        ByteBuffer bytes =
                ByteBuffer.allocate(head.length + values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(head).asFloatBuffer().put(values);
        return bytes.array();
    }

    /** Fills {@code out} from the buffer's position, which must hold that many values. */
    public static void unpack(ByteBuffer bytes, float[] out) {
        bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    }
}
