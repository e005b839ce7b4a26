package dev.digitrecognizer.trainer.feedback;

import dev.digitrecognizer.mnist.DatasetException;
import dev.digitrecognizer.mnist.Mnist;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The drawings users corrected, as the gateway exports them ({@code GET /api/v1/feedback/export}):
 * a zip, or a directory, holding {@value #IMAGES} (idx magic 0x00000803, count, 28, 28, then the
 * 28x28 unsigned bytes of each drawing, 0 background, 255 ink) and {@value #LABELS} (magic
 * 0x00000801, count, then one byte each: 0 to 9, or {@value #NOT_A_DIGIT} for a mark that is not a
 * digit). A file that breaks the format is a {@link DatasetException} that says where and how.
 *
 * <p>{@code mnist}'s idx reader is not used: it reads files only, and refuses label 10 and an
 * empty file, both of which an export may hold.
 *
 * @param images  pixels in [0, 1], {@link Mnist#PIXELS} a drawing, as MNIST's are
 * @param labels  0 to 9, or {@value #NOT_A_DIGIT}
 * @param sha256  of the zip file; of the images file then the labels file for a directory
 */
public record FeedbackExport(float[] images, int[] labels, String sha256) {
    public static final String IMAGES = "feedback-images-idx3-ubyte";
    public static final String LABELS = "feedback-labels-idx1-ubyte";
    public static final int NOT_A_DIGIT = 10;
    /** More drawings than any export is expected to hold; bounds what a damaged or hostile zip can make us read. */
    static final int MAX_DRAWINGS = 200_000;

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final long MAX_IMAGES_BYTES = 16L + (long) MAX_DRAWINGS * Mnist.PIXELS;
    private static final long MAX_LABELS_BYTES = 8L + MAX_DRAWINGS;

    public FeedbackExport {
        if (images.length != labels.length * Mnist.PIXELS) {
            throw new IllegalArgumentException(
                    labels.length + " labels for " + images.length / Mnist.PIXELS + " images");
        }
    }

    /** Reads an export from a zip file or from a directory holding its two files. */
    public static FeedbackExport read(Path source) {
        if (Files.isDirectory(source)) {
            byte[] images = readFile(source.resolve(IMAGES));
            byte[] labels = readFile(source.resolve(LABELS));
            return parse(source.toString(), images, labels, sha256(images, labels));
        }
        byte[] zip = readFile(source);
        Map<String, byte[]> entries = unzip(source, zip);
        for (String name : new String[] {IMAGES, LABELS}) {
            if (!entries.containsKey(name)) {
                throw new DatasetException(source + ": the zip holds no " + name + " (a feedback export holds " + IMAGES
                        + " and " + LABELS + ")");
            }
        }
        return parse(source.toString(), entries.get(IMAGES), entries.get(LABELS), sha256(zip));
    }

    /** The two files' contents, checked against the format; {@code where} names them in errors. */
    static FeedbackExport parse(String where, byte[] imagesFile, byte[] labelsFile, String sha256) {
        ByteBuffer images = ByteBuffer.wrap(imagesFile);
        ByteBuffer labels = ByteBuffer.wrap(labelsFile);
        String imagesName = where + ": " + IMAGES;
        String labelsName = where + ": " + LABELS;
        int count = header(imagesName, images, IMAGES_MAGIC, 3);
        int rows = images.getInt();
        int columns = images.getInt();
        if (rows != Mnist.SIDE || columns != Mnist.SIDE) {
            throw new DatasetException(imagesName + ": drawings are " + rows + "x" + columns + ", expected "
                    + Mnist.SIDE + "x" + Mnist.SIDE);
        }
        payload(imagesName, images, (long) count * Mnist.PIXELS);
        int labelCount = header(labelsName, labels, LABELS_MAGIC, 1);
        payload(labelsName, labels, labelCount);
        if (labelCount != count) {
            throw new DatasetException(where + ": " + count + " drawings but " + labelCount + " labels");
        }
        float[] pixels = new float[count * Mnist.PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (images.get() & 0xff) / 255f;
        }
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = labels.get() & 0xff;
            if (values[i] > NOT_A_DIGIT) {
                throw new DatasetException(labelsName + ": label " + values[i] + " at index " + i
                        + " is neither a digit nor " + NOT_A_DIGIT + " (not a digit)");
            }
        }
        return new FeedbackExport(pixels, values, sha256);
    }

    public int size() {
        return labels.length;
    }

    /** The drawings a model with {@code classes} outputs learns from: a digit model leaves out "not a digit". */
    public Mnist forClasses(int classes) {
        int kept = 0;
        for (int label : labels) {
            kept += label < classes ? 1 : 0;
        }
        float[] keptImages = new float[kept * Mnist.PIXELS];
        int[] keptLabels = new int[kept];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < classes) {
                System.arraycopy(images, i * Mnist.PIXELS, keptImages, k * Mnist.PIXELS, Mnist.PIXELS);
                keptLabels[k++] = labels[i];
            }
        }
        return new Mnist(keptImages, keptLabels);
    }

    /** The count of an idx header with this magic and {@code dimensions} dimensions; the position after it. */
    private static int header(String name, ByteBuffer buffer, int magic, int dimensions) {
        if (buffer.remaining() < 4 + 4 * dimensions) {
            throw new DatasetException(name + ": truncated idx header (" + buffer.remaining() + " bytes)");
        }
        int found = buffer.getInt();
        if (found != magic) {
            throw new DatasetException(String.format("%s: bad idx magic 0x%08x, expected 0x%08x", name, found, magic));
        }
        int count = buffer.getInt();
        if (count < 0 || count > MAX_DRAWINGS) {
            throw new DatasetException(name + ": the header counts " + Integer.toUnsignedString(count)
                    + " drawings, more than the " + MAX_DRAWINGS + " an export may hold");
        }
        return count;
    }

    private static void payload(String name, ByteBuffer buffer, long expected) {
        if (buffer.remaining() != expected) {
            throw new DatasetException(
                    name + ": header promises " + expected + " bytes of data but the file has " + buffer.remaining());
        }
    }

    private static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + " does not exist");
        } catch (IOException | OutOfMemoryError e) {
            throw new DatasetException(file + ": " + e.getMessage());
        }
    }

    /** The export's two files from the zip, by name in any folder; other entries are ignored. */
    private static Map<String, byte[]> unzip(Path source, byte[] zip) {
        Map<String, byte[]> entries = new HashMap<>();
        boolean any = false;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                any = true;
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                long limit = name.equals(IMAGES) ? MAX_IMAGES_BYTES : name.equals(LABELS) ? MAX_LABELS_BYTES : -1;
                if (entry.isDirectory() || limit < 0) {
                    continue;
                }
                if (entries.put(name, bounded(source, name, in, limit)) != null) {
                    throw new DatasetException(source + ": the zip holds " + name + " twice");
                }
            }
        } catch (ZipException e) {
            throw new DatasetException(source + ": not a readable zip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DatasetException(source + ": " + e.getMessage());
        }
        if (!any && !isZip(zip)) {
            throw new DatasetException(source + " is neither a zip file nor a directory (a feedback export is a zip"
                    + " of " + IMAGES + " and " + LABELS + ")");
        }
        return entries;
    }

    private static boolean isZip(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K';
    }

    private static byte[] bounded(Path source, String name, InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            total += n;
            if (total > limit) {
                throw new DatasetException(
                        source + ": " + name + " is larger than the " + MAX_DRAWINGS + " drawings an export may hold");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Arrays.stream(parts).forEach(digest::update);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
