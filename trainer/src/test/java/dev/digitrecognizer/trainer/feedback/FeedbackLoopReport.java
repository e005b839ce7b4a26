package dev.digitrecognizer.trainer.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.digitrecognizer.fixtures.HeldOutDrawings;
import dev.digitrecognizer.fixtures.Percent;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.preprocessing.Preprocessor;
import dev.digitrecognizer.trainer.TestData;
import dev.digitrecognizer.trainer.onnx.OnnxModel;
import dev.digitrecognizer.trainer.repository.ModelRepository;
import dev.digitrecognizer.trainer.training.Accuracy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The feedback loop, measured: corrections of a style the served models read wrong
 * ({@link PenStyles.Style#LONG_FLAG_ONE}) are written as a gateway export, to train with
 * ({@code --extra-data}); and the digit models of the repository the build points at
 * ({@code -Dmodel.repository=DIR}, the committed one by default) are measured on other drawings
 * of that style, drawn from another seed, on its nearest neighbours (7s drawn with the same pen),
 * on the MNIST test set and on the held-out digits of {@code HeldOutRecognitionTest} (the same
 * 2,000 drawings). Writes target/feedback-loop/corrections.zip and target/feedback-loop.md.
 */
class FeedbackLoopReport {
    static final int CORRECTIONS = 300;
    static final long CORRECTIONS_SEED = 2;
    static final int MEASURED = 500;
    static final long MEASURED_SEED = 1;
    /** As {@code HeldOutRecognitionTest} draws them: 500 digits in each of four styles, seed 31. */
    private static final int HELD_OUT_PER_STYLE = 500;

    private static final long HELD_OUT_SEED = 31;
    private static final Path DIR = Path.of("target", "feedback-loop");

    @Test
    void writesTheCorrectionsAndMeasuresTheModels() throws Exception {
        float[] corrections = PenStyles.draw(PenStyles.Style.LONG_FLAG_ONE, CORRECTIONS, CORRECTIONS_SEED);
        int[] labels = new int[CORRECTIONS];
        Arrays.fill(labels, PenStyles.Style.LONG_FLAG_ONE.label());
        Files.createDirectories(DIR);
        Path zip = DIR.resolve("corrections.zip");
        Files.write(zip, ExportFiles.zip(corrections, labels));
        FeedbackExport export = FeedbackExport.read(zip);
        assertEquals(CORRECTIONS, export.size());

        Mnist test = TestData.test();
        List<PenStyles.Style> styles = List.of(PenStyles.Style.values());
        float[][] drawn = new float[styles.size()][];
        for (int s = 0; s < styles.size(); s++) {
            drawn[s] = PenStyles.draw(styles.get(s), MEASURED, MEASURED_SEED);
        }
        assertFalse(Arrays.equals(Arrays.copyOf(drawn[0], Mnist.PIXELS), Arrays.copyOf(export.images(), Mnist.PIXELS)));
        List<HeldOutDrawings.Drawing> heldOut = HeldOutDrawings.digits(HELD_OUT_PER_STYLE, HELD_OUT_SEED);
        float[] heldOutRows = framed(heldOut);
        int[] heldOutLabels =
                heldOut.stream().mapToInt(HeldOutDrawings.Drawing::label).toArray();

        StringBuilder report = new StringBuilder(String.format(
                Locale.ROOT,
                "Models of %s; %d drawings of each style, seed %d (the corrections: seed %d)%n%n"
                        + "| model | sha256 | long-flag 1s | plain 7s | crossed 7s | MNIST test | MNIST 1s | MNIST 7s"
                        + " | held-out digits |%n%s%n",
                ServedModels.repository(),
                MEASURED,
                MEASURED_SEED,
                CORRECTIONS_SEED,
                "| --- ".repeat(9) + "|"));
        ModelRepository repository = new ModelRepository(ServedModels.repository());
        for (String name : ServedModels.digitModels()) {
            byte[] file = Files.readAllBytes(repository.modelFile(name));
            List<String> cells = new ArrayList<>(
                    List.of(name, "`" + ModelRepository.sha256(file).substring(0, 12) + "`"));
            try (OnnxModel model = new OnnxModel(file)) {
                for (int s = 0; s < styles.size(); s++) {
                    cells.add(right(
                            model.predict(drawn[s], MEASURED),
                            MEASURED,
                            styles.get(s).label(),
                            null));
                }
                float[] p = model.predict(test.images(), test.size());
                cells.add(right(p, test.size(), -1, test.labels()));
                cells.add(right(p, test.size(), 1, test.labels()));
                cells.add(right(p, test.size(), 7, test.labels()));
                cells.add(right(model.predict(heldOutRows, heldOut.size()), heldOut.size(), -1, heldOutLabels));
            }
            report.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        Files.writeString(DIR.resolveSibling("feedback-loop.md"), report);
        System.out.println(report);
    }

    /** Each drawing as a PNG through the gateway's preprocessing, as the service would frame it. */
    private static float[] framed(List<HeldOutDrawings.Drawing> drawings) throws IOException {
        Preprocessor preprocessor = new Preprocessor();
        float[] rows = new float[drawings.size() * Mnist.PIXELS];
        for (int i = 0; i < drawings.size(); i++) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(drawings.get(i).image(), "png", png);
            float[] row = preprocessor.toModelInput(png.toByteArray()).pixels();
            System.arraycopy(row, 0, rows, i * Mnist.PIXELS, Mnist.PIXELS);
        }
        return rows;
    }

    /**
     * The share read right: of every row labelled {@code label} (every row when -1), labelled by
     * {@code labels}, or all {@code label} when it is null.
     */
    private static String right(float[] p, int count, int label, int[] labels) {
        int right = 0;
        int of = 0;
        for (int i = 0; i < count; i++) {
            int truth = labels == null ? label : labels[i];
            if (label == -1 || truth == label) {
                of++;
                right += Accuracy.argmax(p, i, ModelContract.CLASSES) == truth ? 1 : 0;
            }
        }
        return Percent.of(right, of, 2);
    }
}
