package dev.digitrecognizer.trainer.repository;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.HeldOutDrawings;
import dev.digitrecognizer.fixtures.Percent;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.preprocessing.Preprocessor;
import dev.digitrecognizer.trainer.ModelKind;
import dev.digitrecognizer.trainer.onnx.OnnxModel;
import dev.digitrecognizer.trainer.training.Accuracy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed models on drawings the trainer never makes ({@link HeldOutDrawings}), framed by the
 * gateway's own preprocessing and run by ONNX Runtime: each model's accuracy and calibration per
 * style, and the detector's trade-off between marks caught as "not a digit" and digits wrongly
 * refused, at thresholds around the gateway's. Written to target/held-out-recognition.md.
 */
class HeldOutRecognitionTest {
    static final int DIGITS_PER_STYLE = 500;
    static final int NON_DIGITS_PER_KIND = 500;
    static final long DIGIT_SEED = 31;
    static final long NON_DIGIT_SEED = 37;
    /**
     * The gateway's default {@code gateway.detector.threshold}. It must refuse at most
     * {@value #VALIDATION_REFUSED} of the digits of a validation draw of the same styles (another
     * seed): half the aim of 1%, a margin for the styles no test draws.
     */
    private static final double THRESHOLD = 0.55;

    private static final long VALIDATION_SEED = 131;
    private static final double VALIDATION_REFUSED = 0.005;

    private static final double[] THRESHOLDS = {0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 0.95};
    private static final int BINS = 15;

    private static final ModelRepository REPOSITORY = new ModelRepository(ServedModels.repository());
    private static List<HeldOutDrawings.Drawing> digits;
    private static List<HeldOutDrawings.Drawing> nonDigits;
    private static float[] digitRows;
    private static float[] nonDigitRows;

    @BeforeAll
    static void draw() {
        digits = HeldOutDrawings.digits(DIGITS_PER_STYLE, DIGIT_SEED);
        nonDigits = HeldOutDrawings.nonDigits(NON_DIGITS_PER_KIND, NON_DIGIT_SEED);
        digitRows = framed(digits);
        nonDigitRows = framed(nonDigits);
    }

    @Test
    void modelsReadHeldOutDigitsAndTheDetectorTellsMarksFromDigits() throws Exception {
        StringBuilder report = new StringBuilder();
        List<String> styles = kinds(digits);
        report.append("| model | ")
                .append(String.join(" | ", styles))
                .append(" | all | ECE |\n| --- |")
                .append(" --- |".repeat(styles.size() + 2))
                .append('\n');
        Map<String, Double> accuracy = new LinkedHashMap<>();
        Map<String, Double> cnnByStyle = new LinkedHashMap<>();
        for (ModelKind kind : List.of(ModelKind.CNN, ModelKind.MLP, ModelKind.SCRATCH)) {
            float[] probabilities = run(kind, digitRows, digits.size());
            report.append("| ").append(kind.id());
            int all = 0;
            for (String style : styles) {
                int right = 0;
                int count = 0;
                for (int i = 0; i < digits.size(); i++) {
                    if (digits.get(i).kind().equals(style)) {
                        count++;
                        right += Accuracy.argmax(probabilities, i, ModelContract.CLASSES)
                                        == digits.get(i).label()
                                ? 1
                                : 0;
                    }
                }
                all += right;
                if (kind == ModelKind.CNN) {
                    cnnByStyle.put(style, (double) right / count);
                }
                report.append(" | ").append(Percent.of(right, count, 2));
            }
            accuracy.put(kind.id(), (double) all / digits.size());
            report.append(" | ")
                    .append(Percent.of(all, digits.size(), 2))
                    .append(String.format(Locale.ROOT, " | %.4f |%n", calibrationError(probabilities)));
        }

        float[] onDigits = notADigit(run(ModelKind.DETECTOR, digitRows, digits.size()));
        float[] onMarks = notADigit(run(ModelKind.DETECTOR, nonDigitRows, nonDigits.size()));
        report.append(
                        "\nThe detector: marks that are not digits answered \"not a digit\" (caught), against digits refused,"
                                + " by threshold on its \"not a digit\" probability (the gateway's is ")
                .append(THRESHOLD)
                .append("):\n\n| threshold | caught | ")
                .append(String.join(" | ", kinds(nonDigits)))
                .append(" | digits refused | ")
                .append(String.join(" | ", styles))
                .append(" |\n| --- |")
                .append(" --- |".repeat(kinds(nonDigits).size() + styles.size() + 2))
                .append('\n');
        for (double threshold : THRESHOLDS) {
            report.append(
                    String.format(Locale.ROOT, "| %.2f | %s", threshold, share(onMarks, nonDigits, null, threshold)));
            for (String kind : kinds(nonDigits)) {
                report.append(" | ").append(share(onMarks, nonDigits, kind, threshold));
            }
            report.append(" | ").append(share(onDigits, digits, null, threshold));
            for (String style : styles) {
                report.append(" | ").append(share(onDigits, digits, style, threshold));
            }
            report.append(" |\n");
        }
        List<HeldOutDrawings.Drawing> validation = HeldOutDrawings.digits(DIGITS_PER_STYLE, VALIDATION_SEED);
        float[] onValidation = notADigit(run(ModelKind.DETECTOR, framed(validation), validation.size()));
        double chosen = 0.99;
        for (int t = 99; t >= 5; t--) {
            if (fraction(onValidation, validation, t / 100.0) <= VALIDATION_REFUSED) {
                chosen = t / 100.0;
            }
        }
        report.append(String.format(
                Locale.ROOT,
                "%nOn a validation draw of the same digit styles (seed %d), %.2f is the lowest threshold that refuses"
                        + " at most %.1f%% of the digits.%n",
                VALIDATION_SEED,
                chosen,
                VALIDATION_REFUSED * 100));
        report.append(String.format(
                Locale.ROOT,
                "%n%d held-out digits (%d per style), %d marks that are not digits (%d per kind).%n",
                digits.size(),
                DIGITS_PER_STYLE,
                nonDigits.size(),
                NON_DIGITS_PER_KIND));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "held-out-recognition.md"), report);
        System.out.println(report);

        double caught = fraction(onMarks, nonDigits, THRESHOLD);
        double refused = fraction(onDigits, digits, THRESHOLD);
        assertTrue(chosen <= THRESHOLD, "the gateway's threshold refuses too many validation digits");
        assertTrue(caught >= 0.92, "caught " + caught);
        assertTrue(refused <= 0.01, "refused " + refused);
        assertTrue(accuracy.get("cnn") >= 0.98, "cnn " + accuracy.get("cnn"));
        // 95.6% measured; the cnn of one network read 94.4%
        assertTrue(cnnByStyle.get("other_writers_8x8") >= 0.95, "cnn on other writers " + cnnByStyle);
    }

    private static List<String> kinds(List<HeldOutDrawings.Drawing> drawings) {
        return drawings.stream().map(HeldOutDrawings.Drawing::kind).distinct().toList();
    }

    /** Of the drawings of {@code kind} (all when null), the share whose "not a digit" is over the threshold. */
    private static String share(float[] p, List<HeldOutDrawings.Drawing> drawings, String kind, double threshold) {
        int[] over = over(p, drawings, kind, threshold);
        return Percent.of(over[0], over[1], 1);
    }

    private static double fraction(float[] p, List<HeldOutDrawings.Drawing> drawings, double threshold) {
        int[] over = over(p, drawings, null, threshold);
        return (double) over[0] / over[1];
    }

    /** [drawings over the threshold, drawings] of {@code kind}, or of all when it is null. */
    private static int[] over(float[] p, List<HeldOutDrawings.Drawing> drawings, String kind, double threshold) {
        int over = 0;
        int count = 0;
        for (int i = 0; i < drawings.size(); i++) {
            if (kind == null || drawings.get(i).kind().equals(kind)) {
                count++;
                over += p[i] > threshold ? 1 : 0;
            }
        }
        return new int[] {over, count};
    }

    /** Expected calibration error: the confidence of the answer against how often it is right, in 15 bins. */
    private double calibrationError(float[] probabilities) {
        double[] confidence = new double[BINS];
        double[] right = new double[BINS];
        int[] count = new int[BINS];
        for (int i = 0; i < digits.size(); i++) {
            int best = Accuracy.argmax(probabilities, i, ModelContract.CLASSES);
            float p = probabilities[i * ModelContract.CLASSES + best];
            int bin = Math.min(BINS - 1, (int) (p * BINS));
            confidence[bin] += p;
            right[bin] += best == digits.get(i).label() ? 1 : 0;
            count[bin]++;
        }
        double error = 0;
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                error += Math.abs(confidence[b] - right[b]) / digits.size();
            }
        }
        return error;
    }

    private static float[] notADigit(float[] probabilities) {
        int classes = ModelKind.DETECTOR.classes();
        float[] p = new float[probabilities.length / classes];
        for (int i = 0; i < p.length; i++) {
            p[i] = probabilities[i * classes + classes - 1];
        }
        return p;
    }

    private static float[] run(ModelKind kind, float[] rows, int count) throws Exception {
        try (OnnxModel model = new OnnxModel(Files.readAllBytes(REPOSITORY.modelFile(kind.id())))) {
            return model.predict(rows, count);
        }
    }

    /** Each drawing as a PNG through the gateway's preprocessing, as the service would frame it. */
    private static float[] framed(List<HeldOutDrawings.Drawing> drawings) {
        Preprocessor preprocessor = new Preprocessor();
        List<float[]> rows = new ArrayList<>();
        for (HeldOutDrawings.Drawing drawing : drawings) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(drawing.image(), "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rows.add(preprocessor.toModelInput(png.toByteArray()).pixels());
        }
        float[] all = new float[rows.size() * ModelContract.PIXELS];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, all, i * ModelContract.PIXELS, ModelContract.PIXELS);
        }
        return all;
    }
}
