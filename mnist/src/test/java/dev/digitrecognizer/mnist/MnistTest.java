package dev.digitrecognizer.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheTenThousandTestImagesWithEveryDigit() {
        Mnist test = Mnist.testSplit();
        assertEquals(10_000, test.size());
        int[] perDigit = new int[10];
        for (int label : test.labels()) {
            perDigit[label]++;
        }
        // The published t10k class counts.
        assertEquals(980, perDigit[0]);
        assertEquals(1135, perDigit[1]);
        assertEquals(1009, perDigit[9]);
    }

    @Test
    void scalesPixelsToZeroToOneWithInkHigh() {
        float[] image = Mnist.testSplit().image(0);
        float max = 0;
        float sum = 0;
        for (float v : image) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
            sum += v;
        }
        assertEquals(1f, max);
        assertTrue(sum / image.length < 0.3, "background is 0 and most of the image is background");
    }

    @Test
    void rejectsAMissingFile() {
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.load(dir, Mnist.Split.TEST));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void rejectsABadMagicNumber() throws IOException {
        writeIdx("t10k-images-idx3-ubyte", 0x00000801, new int[] {1, 28, 28}, 784);
        writeIdx("t10k-labels-idx1-ubyte", 0x00000801, new int[] {1}, 1);
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.load(dir, Mnist.Split.TEST));
        assertTrue(e.getMessage().contains("bad idx magic"), e.getMessage());
    }

    @Test
    void rejectsATruncatedImageFile() throws IOException {
        writeIdx("t10k-images-idx3-ubyte", 0x00000803, new int[] {2, 28, 28}, 784 + 100);
        writeIdx("t10k-labels-idx1-ubyte", 0x00000801, new int[] {2}, 2);
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.load(dir, Mnist.Split.TEST));
        assertTrue(e.getMessage().contains("header promises 1568 bytes"), e.getMessage());
    }

    @Test
    void rejectsATruncatedHeader() throws IOException {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), new byte[] {0, 0, 8});
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.load(dir, Mnist.Split.TEST));
        assertTrue(e.getMessage().contains("truncated idx header"), e.getMessage());
    }

    @Test
    void rejectsImagesOfTheWrongSize() throws IOException {
        writeIdx("t10k-images-idx3-ubyte", 0x00000803, new int[] {1, 32, 32}, 1024);
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.load(dir, Mnist.Split.TEST));
        assertTrue(e.getMessage().contains("32x32"), e.getMessage());
    }

    @Test
    void rejectsLabelsThatAreNotDigits() throws IOException {
        writeIdx("t10k-images-idx3-ubyte", 0x00000803, new int[] {1, 28, 28}, 784);
        Path labels = writeIdx("t10k-labels-idx1-ubyte", 0x00000801, new int[] {1}, 1);
        byte[] bytes = Files.readAllBytes(labels);
        bytes[bytes.length - 1] = 12;
        Files.write(labels, bytes);
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.load(dir, Mnist.Split.TEST));
        assertTrue(e.getMessage().contains("not a digit"), e.getMessage());
    }

    @Test
    void rejectsLabelAndImageCountsThatDisagree() throws IOException {
        writeIdx("t10k-images-idx3-ubyte", 0x00000803, new int[] {2, 28, 28}, 2 * 784);
        writeIdx("t10k-labels-idx1-ubyte", 0x00000801, new int[] {3}, 3);
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.load(dir, Mnist.Split.TEST));
        assertTrue(e.getMessage().contains("3 labels for 2 images"), e.getMessage());
    }

    private Path writeIdx(String name, int magic, int[] dims, int payload) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + payload);
        buffer.putInt(magic);
        for (int d : dims) {
            buffer.putInt(d);
        }
        Path file = dir.resolve(name);
        Files.write(file, buffer.array());
        return file;
    }
}
