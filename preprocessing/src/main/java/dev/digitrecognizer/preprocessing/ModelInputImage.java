package dev.digitrecognizer.preprocessing;

import dev.digitrecognizer.mnist.Mnist;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The 28x28 input a model saw, as a PNG data URL: white ink on black, as MNIST shows digits. The
 * PNG (8-bit greyscale, no filter) is written here rather than by ImageIO, whose writer costs
 * more to look up and set up than this image costs to encode, in time and in allocation (JMH,
 * benchmarks/README.md); every answer carries one.
 */
final class ModelInputImage {
    private static final int ROW = Mnist.SIDE + 1;
    /**
     * A deflater per thread, reset for each image, as making one allocates zlib's window each time;
     * the fastest level, which costs a few dozen bytes on this image.
     */
    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));

    private ModelInputImage() {}

    public static String dataUrl(float[] field) {
        int side = Mnist.SIDE;
        byte[] scanlines = new byte[side * ROW];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                scanlines[y * ROW + 1 + x] = (byte) Math.round(field[y * side + x] * 255);
            }
        }
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setInput(scanlines);
        deflater.finish();
        // zlib's bound for this input is well under twice its size
        byte[] compressed = new byte[2 * scanlines.length + 64];
        int length = deflater.deflate(compressed);

        ByteBuffer png = ByteBuffer.allocate(ImageFormat.PNG_SIGNATURE.length + 3 * 12 + 13 + length);
        for (int signature : ImageFormat.PNG_SIGNATURE) {
            png.put((byte) signature);
        }
        ByteBuffer header =
                ByteBuffer.allocate(13).putInt(side).putInt(side).put((byte) 8).put((byte) 0);
        chunk(png, "IHDR", header.array(), 13);
        chunk(png, "IDAT", compressed, length);
        chunk(png, "IEND", new byte[0], 0);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.array());
    }

    private static void chunk(ByteBuffer png, String type, byte[] data, int length) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
        png.putInt(length).put(name).put(data, 0, length).putInt((int) crc.getValue());
    }
}
