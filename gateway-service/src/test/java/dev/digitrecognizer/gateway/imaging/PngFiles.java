package dev.digitrecognizer.gateway.imaging;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** PNG files written byte by byte, to have exactly the header, filters and chunks a test needs. */
public final class PngFiles {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private PngFiles() {
    }

    /** A header that declares any size, with no pixel data behind it: a decompression bomb. */
    public static byte[] declaring(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", header(width, height, 6));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * An 8-bit RGB (3 channels) or RGBA (4) image, row y filtered with filter type y % 5, so
     * that every filter appears; its IDAT split in two chunks, after a text chunk.
     */
    static byte[] filtered(byte[] pixels, int width, int height, int channels) {
        int stride = width * channels;
        byte[] raw = new byte[height * (stride + 1)];
        for (int y = 0; y < height; y++) {
            int filter = y % 5;
            raw[y * (stride + 1)] = (byte) filter;
            for (int i = 0; i < stride; i++) {
                int x = pixels[y * stride + i] & 0xFF;
                int left = i >= channels ? pixels[y * stride + i - channels] & 0xFF : 0;
                int up = y > 0 ? pixels[(y - 1) * stride + i] & 0xFF : 0;
                int upLeft = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels] & 0xFF : 0;
                int predicted = switch (filter) {
                    case 1 -> left;
                    case 2 -> up;
                    case 3 -> (left + up) / 2;
                    case 4 -> paeth(left, up, upLeft);
                    default -> 0;
                };
                raw[y * (stride + 1) + 1 + i] = (byte) (x - predicted);
            }
        }
        Deflater deflater = new Deflater();
        deflater.setInput(raw);
        deflater.finish();
        byte[] compressed = new byte[raw.length + 1024];
        int length = deflater.deflate(compressed);
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", header(width, height, channels == 4 ? 6 : 2));
        chunk(out, "tEXt", "Comment\0filters 0-4".getBytes(StandardCharsets.ISO_8859_1));
        int half = length / 2;
        chunk(out, "IDAT", java.util.Arrays.copyOfRange(compressed, 0, half));
        chunk(out, "IDAT", java.util.Arrays.copyOfRange(compressed, half, length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** An 8-bit RGBA header, then {@code imageData} as the one IDAT chunk. */
    static byte[] withImageData(int width, int height, byte[] imageData) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", header(width, height, 6));
        chunk(out, "IDAT", imageData);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] header(int width, int height, int colourType) {
        return ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0).array();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
