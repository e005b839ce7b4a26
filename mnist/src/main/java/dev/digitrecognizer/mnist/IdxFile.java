package dev.digitrecognizer.mnist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the idx format of the original MNIST distribution: a big-endian header with magic
 * 0x0000080N (unsigned bytes, N dimensions), N dimension sizes, then the bytes themselves.
 */
final class IdxFile {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxFile() {}

    /** Image pixels as floats in [0,1], row-major, count * rows * columns values. */
    static float[] readImages(Path file, int rows, int columns) {
        ByteBuffer buffer = read(file);
        int[] dims = header(file, buffer, 3);
        if (dims[1] != rows || dims[2] != columns) {
            throw new DatasetException(
                    file + ": images are " + dims[1] + "x" + dims[2] + ", expected " + rows + "x" + columns);
        }
        long expected = (long) dims[0] * rows * columns;
        checkPayload(file, buffer, expected);
        float[] pixels = new float[(int) expected];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (buffer.get() & 0xff) / 255f;
        }
        return pixels;
    }

    static int[] readLabels(Path file) {
        ByteBuffer buffer = read(file);
        int[] dims = header(file, buffer, 1);
        checkPayload(file, buffer, dims[0]);
        int[] labels = new int[dims[0]];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = buffer.get() & 0xff;
            if (labels[i] > 9) {
                throw new DatasetException(file + ": label " + labels[i] + " at index " + i + " is not a digit");
            }
        }
        return labels;
    }

    private static ByteBuffer read(Path file) {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + " does not exist (run scripts/fetch-mnist.sh)");
        } catch (IOException e) {
            throw new DatasetException(file + ": " + e.getMessage());
        }
    }

    private static int[] header(Path file, ByteBuffer buffer, int dimensions) {
        if (buffer.remaining() < 4 + 4 * dimensions) {
            throw new DatasetException(file + ": truncated idx header");
        }
        int magic = buffer.getInt();
        int expectedMagic = (UNSIGNED_BYTE << 8) | dimensions;
        if (magic != expectedMagic) {
            throw new DatasetException(
                    String.format("%s: bad idx magic 0x%08x, expected 0x%08x", file, magic, expectedMagic));
        }
        int[] dims = new int[dimensions];
        for (int i = 0; i < dimensions; i++) {
            dims[i] = buffer.getInt();
            if (dims[i] <= 0) {
                throw new DatasetException(file + ": dimension " + i + " is " + dims[i]);
            }
        }
        return dims;
    }

    private static void checkPayload(Path file, ByteBuffer buffer, long expected) {
        if (buffer.remaining() != expected) {
            throw new DatasetException(
                    file + ": header promises " + expected + " bytes of data but the file has " + buffer.remaining());
        }
    }
}
