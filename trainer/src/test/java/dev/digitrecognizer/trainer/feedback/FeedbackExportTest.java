package dev.digitrecognizer.trainer.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.mnist.DatasetException;
import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.trainer.repository.ModelRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the gateway's feedback export: the zip, the directory, and every way a file can break the format. */
class FeedbackExportTest {
    private static final int[] LABELS = {1, FeedbackExport.NOT_A_DIGIT, 7};

    @TempDir
    Path dir;

    /** Three drawings: the first has one pixel of full ink, the second one of half ink, the third is blank. */
    private static float[] drawings() {
        float[] images = new float[LABELS.length * Mnist.PIXELS];
        images[5] = 1;
        images[Mnist.PIXELS + 400] = 128 / 255f;
        return images;
    }

    private Path zip(byte[] images, byte[] labels) throws IOException {
        return Files.write(dir.resolve("export.zip"), ExportFiles.zip(images, labels));
    }

    private DatasetException refused(Path source) {
        DatasetException e = assertThrows(DatasetException.class, () -> FeedbackExport.read(source));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e;
    }

    private void assertRefused(byte[] images, byte[] labels, String expected) throws IOException {
        String message = refused(zip(images, labels)).getMessage();
        assertTrue(message.contains(expected), message);
    }

    @Test
    void readsTheDrawingsAndLabelsOfAZip() throws IOException {
        Path zip = zip(ExportFiles.images(drawings()), ExportFiles.labels(LABELS));
        FeedbackExport export = FeedbackExport.read(zip);
        assertEquals(3, export.size());
        assertArrayEquals(LABELS, export.labels());
        assertArrayEquals(drawings(), export.images());
        assertEquals(ModelRepository.sha256(Files.readAllBytes(zip)), export.sha256());
    }

    @Test
    void readsADirectoryHoldingTheTwoFiles() throws IOException {
        byte[] images = ExportFiles.images(drawings());
        byte[] labels = ExportFiles.labels(LABELS);
        Files.write(dir.resolve(FeedbackExport.IMAGES), images);
        Files.write(dir.resolve(FeedbackExport.LABELS), labels);
        FeedbackExport export = FeedbackExport.read(dir);
        assertArrayEquals(LABELS, export.labels());
        assertArrayEquals(drawings(), export.images());
        byte[] both = Arrays.copyOf(images, images.length + labels.length);
        System.arraycopy(labels, 0, both, images.length, labels.length);
        assertEquals(ModelRepository.sha256(both), export.sha256());
    }

    /** As the gateway's TrainingExport streams it: deflated entries, their sizes after the data. */
    @Test
    void readsAZipStreamedDeflated() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(FeedbackExport.IMAGES));
            zip.write(ExportFiles.images(drawings()));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(FeedbackExport.LABELS));
            zip.write(ExportFiles.labels(LABELS));
            zip.closeEntry();
        }
        FeedbackExport export = FeedbackExport.read(Files.write(dir.resolve("streamed.zip"), bytes.toByteArray()));
        assertArrayEquals(LABELS, export.labels());
        assertArrayEquals(drawings(), export.images());
    }

    @Test
    void findsTheFilesInAFolderOfTheZipAndIgnoresOtherEntries() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("exported".getBytes(StandardCharsets.US_ASCII));
            zip.putNextEntry(new ZipEntry("export/" + FeedbackExport.IMAGES));
            zip.write(ExportFiles.images(drawings()));
            zip.putNextEntry(new ZipEntry("export/" + FeedbackExport.LABELS));
            zip.write(ExportFiles.labels(LABELS));
        }
        FeedbackExport export = FeedbackExport.read(Files.write(dir.resolve("nested.zip"), bytes.toByteArray()));
        assertArrayEquals(LABELS, export.labels());
    }

    @Test
    void anEmptyExportHoldsNoDrawings() throws IOException {
        FeedbackExport export =
                FeedbackExport.read(zip(ExportFiles.images(new float[0]), ExportFiles.labels(new int[0])));
        assertEquals(0, export.size());
    }

    @Test
    void aDigitModelLeavesOutTheDrawingsThatAreNotDigits() throws IOException {
        FeedbackExport export = FeedbackExport.read(zip(ExportFiles.images(drawings()), ExportFiles.labels(LABELS)));
        Mnist digits = export.forClasses(10);
        assertArrayEquals(new int[] {1, 7}, digits.labels());
        assertEquals(1f, digits.image(0)[5]);
        assertArrayEquals(new float[Mnist.PIXELS], digits.image(1));
        assertArrayEquals(LABELS, export.forClasses(11).labels());
    }

    @Test
    void refusesAnImagesFileWithAnotherMagic() throws IOException {
        byte[] images = ExportFiles.images(drawings());
        images[3] = 0x01;
        assertRefused(
                images,
                ExportFiles.labels(LABELS),
                FeedbackExport.IMAGES + ": bad idx magic 0x00000801, expected 0x00000803");
    }

    @Test
    void refusesALabelsFileWithAnotherMagic() throws IOException {
        assertRefused(
                ExportFiles.images(drawings()),
                ExportFiles.images(drawings()),
                FeedbackExport.LABELS + ": bad idx magic 0x00000803, expected 0x00000801");
    }

    @Test
    void refusesDrawingsOfAnotherSize() throws IOException {
        byte[] images = ExportFiles.images(drawings());
        ByteBuffer.wrap(images).putInt(8, 27);
        assertRefused(images, ExportFiles.labels(LABELS), "drawings are 27x28, expected 28x28");
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        byte[] images = ExportFiles.images(drawings());
        assertRefused(
                Arrays.copyOf(images, images.length - 10),
                ExportFiles.labels(LABELS),
                "header promises 2352 bytes of data but the file has 2342");
        assertRefused(images, Arrays.copyOf(ExportFiles.labels(LABELS), 6), "truncated idx header (6 bytes)");
    }

    @Test
    void refusesAsManyLabelsAsDrawingsOrMore() throws IOException {
        assertRefused(ExportFiles.images(drawings()), ExportFiles.labels(new int[] {1, 2}), "3 drawings but 2 labels");
    }

    @Test
    void refusesALabelThatIsNeitherADigitNorNotADigit() throws IOException {
        assertRefused(
                ExportFiles.images(drawings()),
                ExportFiles.labels(new int[] {1, 11, 7}),
                "label 11 at index 1 is neither a digit nor 10 (not a digit)");
    }

    @Test
    void refusesAHeaderCountingMoreDrawingsThanAnExportMayHold() throws IOException {
        byte[] images = ExportFiles.images(drawings());
        ByteBuffer.wrap(images).putInt(4, -1);
        assertRefused(
                images, ExportFiles.labels(LABELS), "the header counts 4294967295 drawings, more than the 200000");
    }

    @Test
    void refusesAZipWithoutTheLabels() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(FeedbackExport.IMAGES));
            zip.write(ExportFiles.images(drawings()));
        }
        String message = refused(Files.write(dir.resolve("half.zip"), bytes.toByteArray()))
                .getMessage();
        assertTrue(message.contains("the zip holds no " + FeedbackExport.LABELS), message);
    }

    @Test
    void refusesAZipHoldingAFileTwice() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String folder : new String[] {"", "again/"}) {
                zip.putNextEntry(new ZipEntry(folder + FeedbackExport.IMAGES));
                zip.write(ExportFiles.images(drawings()));
            }
        }
        String message = refused(Files.write(dir.resolve("twice.zip"), bytes.toByteArray()))
                .getMessage();
        assertTrue(message.contains("the zip holds " + FeedbackExport.IMAGES + " twice"), message);
    }

    @Test
    void refusesAFileThatIsNoZip() throws IOException {
        Path text = Files.writeString(dir.resolve("export.zip"), "<html>Unauthorized</html>");
        String message = refused(text).getMessage();
        assertTrue(message.contains("is neither a zip file nor a directory"), message);
    }

    @Test
    void refusesADamagedZip() throws IOException {
        byte[] zip = ExportFiles.zip(ExportFiles.images(drawings()), ExportFiles.labels(LABELS));
        String message = refused(Files.write(dir.resolve("cut.zip"), Arrays.copyOf(zip, 200)))
                .getMessage();
        assertTrue(message.startsWith(dir.resolve("cut.zip").toString()), message);
    }

    @Test
    void refusesAPathThatDoesNotExistAndADirectoryWithoutTheFiles() {
        assertTrue(refused(dir.resolve("nowhere.zip")).getMessage().endsWith("nowhere.zip does not exist"));
        assertTrue(refused(dir).getMessage().contains(FeedbackExport.IMAGES + " does not exist"));
    }
}
