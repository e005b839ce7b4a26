package dev.digitrecognizer.gateway.feedback;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Corrected drawings as a training set: a zip of two files in MNIST's IDX format, read by the
 * trainer's {@code --extra-data}. {@value #IMAGES}: magic 0x00000803, count, 28, 28, then 784
 * unsigned bytes a drawing (0 = background, 255 = ink); {@value #LABELS}: magic 0x00000801, count,
 * then one byte a drawing, its digit or 10 for "not a digit". The images are streamed as they come.
 */
public final class TrainingExport implements AutoCloseable {
    public static final String IMAGES = "feedback-images-idx3-ubyte";
    public static final String LABELS = "feedback-labels-idx1-ubyte";
    private static final int SIDE = 28;

    private final ZipOutputStream zip;
    private final DataOutputStream images;
    private final ByteArrayOutputStream labels;
    private final int count;
    private int added;

    public TrainingExport(OutputStream out, int count) throws IOException {
        this.zip = new ZipOutputStream(out);
        this.count = count;
        this.labels = new ByteArrayOutputStream(count);
        zip.putNextEntry(new ZipEntry(IMAGES));
        this.images = new DataOutputStream(zip);
        images.writeInt(0x00000803);
        images.writeInt(count);
        images.writeInt(SIDE);
        images.writeInt(SIDE);
    }

    public void add(byte[] pixels, int label) throws IOException {
        if (pixels.length != SIDE * SIDE || ++added > count) {
            throw new IOException("the export was counted as " + count + " drawings of " + SIDE * SIDE + " bytes");
        }
        images.write(pixels);
        labels.write(label);
    }

    @Override
    public void close() throws IOException {
        if (added != count) {
            throw new IOException("the export was counted as " + count + " drawings but has " + added);
        }
        images.flush();
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(LABELS));
        DataOutputStream header = new DataOutputStream(zip);
        header.writeInt(0x00000801);
        header.writeInt(count);
        header.flush();
        labels.writeTo(zip);
        zip.closeEntry();
        zip.finish();
    }
}
