package dev.digitrecognizer.trainer.feedback;

import dev.digitrecognizer.mnist.Mnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Feedback exports in the format the gateway writes: two idx files in a zip (here stored, not deflated). */
public final class ExportFiles {
    private ExportFiles() {}

    /** The images file of drawings in [0, 1], each pixel rounded to a byte as the gateway stores it. */
    public static byte[] images(float[] drawings) {
        int count = drawings.length / Mnist.PIXELS;
        ByteBuffer file = ByteBuffer.allocate(16 + drawings.length);
        file.putInt(0x00000803).putInt(count).putInt(Mnist.SIDE).putInt(Mnist.SIDE);
        for (float v : drawings) {
            file.put((byte) Math.round(Math.max(0, Math.min(1, v)) * 255));
        }
        return file.array();
    }

    public static byte[] labels(int[] labels) {
        ByteBuffer file = ByteBuffer.allocate(8 + labels.length);
        file.putInt(0x00000801).putInt(labels.length);
        for (int label : labels) {
            file.put((byte) label);
        }
        return file.array();
    }

    public static byte[] zip(float[] drawings, int[] labels) {
        return zip(images(drawings), labels(labels));
    }

    /** A zip of the two files, uncompressed as the gateway writes it. */
    public static byte[] zip(byte[] images, byte[] labels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setMethod(ZipOutputStream.STORED);
            entry(zip, FeedbackExport.IMAGES, images);
            entry(zip, FeedbackExport.LABELS, labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(0); // the same bytes, and sha256, for the same drawings
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }
}
