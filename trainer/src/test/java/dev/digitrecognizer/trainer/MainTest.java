package dev.digitrecognizer.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.trainer.feedback.ExportFiles;
import dev.digitrecognizer.trainer.feedback.FeedbackExport;
import dev.digitrecognizer.trainer.feedback.FeedbackSet;
import dev.digitrecognizer.trainer.onnx.OnnxModel;
import dev.digitrecognizer.trainer.repository.ModelCard;
import dev.digitrecognizer.trainer.repository.ModelRepository;
import dev.digitrecognizer.trainer.training.Accuracy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's command line: one-line errors with a non-zero exit, and a short real run. */
class MainTest {
    /** For the errors that any model gives; scratch's learner loads no native engine. */
    private static final String MODEL = ModelKind.SCRATCH.id();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(
                args,
                new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String error() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertOneLineError(int exitCode, String expected) {
        assertTrue(exitCode != 0, "exit code");
        String message = error();
        assertEquals(1, message.lines().count(), "one line: " + message);
        assertTrue(message.startsWith("trainer: "), message);
        assertTrue(message.contains(expected), message);
        assertFalse(message.contains("\tat "), "no stack trace");
    }

    @Test
    void rejectsAnUnknownModelName() {
        assertOneLineError(run("resnet"), "unknown model 'resnet' (expected one of " + ModelKind.names() + ")");
    }

    @Test
    void printsUsageOnHelp() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertEquals(
                0,
                Main.run(
                        new String[] {"--help"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
        String models = Arrays.stream(ModelKind.values()).map(ModelKind::id).collect(Collectors.joining("|"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: trainer/train.sh <" + models + ">"));
    }

    @Test
    void rejectsNoArguments() {
        assertOneLineError(run(), "no model named");
    }

    @Test
    void rejectsAMissingDataset() {
        assertOneLineError(run(MODEL, "--data", dir.resolve("nowhere").toString()), "does not exist");
    }

    @Test
    void rejectsACorruptDataset() throws IOException {
        Path data = Files.createDirectories(dir.resolve("mnist"));
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"}) {
            Files.write(data.resolve(name), "not an idx file at all".getBytes(StandardCharsets.US_ASCII));
        }
        assertOneLineError(run(MODEL, "--data", data.toString()), "bad idx magic");
    }

    @Test
    void rejectsATruncatedDataset() throws IOException {
        Path data = Files.createDirectories(dir.resolve("mnist"));
        byte[] images = Files.readAllBytes(TestData.mnistDir().resolve("t10k-images-idx3-ubyte"));
        Files.write(data.resolve("train-images-idx3-ubyte"), java.util.Arrays.copyOf(images, 5000));
        assertOneLineError(run(MODEL, "--data", data.toString()), "header promises 7840000 bytes");
    }

    @Test
    void rejectsImpossibleOptions() {
        assertOneLineError(run(MODEL, "--epochs", "0"), "--epochs must be between 1 and 1000, not 0");
        err.reset();
        assertOneLineError(run(MODEL, "--batch-size", "lots"), "--batch-size takes a whole number");
        err.reset();
        assertOneLineError(run(MODEL, "--learning-rate", "-1"), "--learning-rate must be in (0, 1]");
        err.reset();
        assertOneLineError(run(MODEL, "--augment", "blur"), "unknown augmentation 'blur'");
        err.reset();
        assertOneLineError(run(MODEL, "--colour", "red"), "unknown option '--colour'");
        err.reset();
        assertOneLineError(run(MODEL, "--epochs"), "--epochs needs a value");
        err.reset();
        assertOneLineError(run(MODEL, "--augment-share", "1.5"), "--augment-share must be in (0, 1]");
    }

    @Test
    void rejectsAMalformedFeedbackExport() throws IOException {
        byte[] images = ExportFiles.images(new float[2 * Mnist.PIXELS]);
        images[2] = 0x09;
        Path zip =
                Files.write(dir.resolve("feedback.zip"), ExportFiles.zip(images, ExportFiles.labels(new int[] {1, 2})));
        assertOneLineError(
                run(MODEL, "--extra-data", zip.toString()), "feedback.zip: feedback-images-idx3-ubyte: bad idx magic");
        err.reset();
        assertOneLineError(run(MODEL, "--extra-data", dir.resolve("none.zip").toString()), "none.zip does not exist");
    }

    @Test
    void rejectsAnExportWithNoDrawingADigitModelLearnsFrom() throws IOException {
        Path zip = Files.write(dir.resolve("marks.zip"), ExportFiles.zip(new float[2 * Mnist.PIXELS], new int[] {
            FeedbackExport.NOT_A_DIGIT, FeedbackExport.NOT_A_DIGIT
        }));
        assertOneLineError(
                run(
                        "mlp",
                        "--train-limit",
                        "100",
                        "--extra-data",
                        zip.toString(),
                        "--data",
                        TestData.mnistDir().toString()),
                "holds no drawing the mlp learns from (2 drawings, none labelled 0 to 9)");
    }

    @Test
    void rejectsAFileToFineTuneFromThatIsNoModelOfIt() throws IOException {
        Path text = Files.writeString(dir.resolve("model.onnx"), "not a model");
        assertOneLineError(run(MODEL, "--fine-tune", text.toString()), "--fine-tune " + text + ": not an ONNX model");
        err.reset();
        assertOneLineError(run(MODEL, "--fine-tune", dir.resolve("none.onnx").toString()), "none.onnx does not exist");
    }

    /**
     * The mlp learns from an export of 20 drawings, 3 of them not digits, the 17 others each shown as
     * many times an epoch as derived; then it is fine-tuned from the file it wrote. Both cards say so.
     */
    @Test
    void feedbackDrawingsAndTheModelFineTunedFromAreOnTheCard() throws IOException {
        Mnist drawn = TestData.test().head(20);
        int[] labels = drawn.labels().clone();
        labels[3] = labels[9] = labels[15] = FeedbackExport.NOT_A_DIGIT;
        float[] drawings = drawn.images();
        Path zip = Files.write(dir.resolve("feedback.zip"), ExportFiles.zip(drawings, labels));
        String[] common = {
            "--train-limit",
            "2000",
            "--augment",
            "none",
            "--data",
            TestData.mnistDir().toString()
        };
        Path first = dir.resolve("first");
        assertEquals(
                0,
                run(concat(
                        new String[] {
                            "mlp", "--epochs", "1", "--extra-data", zip.toString(), "--models", first.toString()
                        },
                        common)),
                error());

        ModelCard card = new ModelRepository(first).readCard("mlp");
        int repeats = FeedbackSet.repeats(2000, 17);
        assertEquals(
                new ModelCard.Feedback(17, 3, repeats, ModelRepository.sha256(Files.readAllBytes(zip))),
                card.training().feedback());
        assertEquals(2000 + 17 * repeats, card.training().trainImages());
        assertNull(card.training().fineTunedFrom());

        Path model = first.resolve("mlp").resolve(ModelRepository.MODEL_FILE);
        Path second = dir.resolve("second");
        assertEquals(
                0,
                run(concat(
                        new String[] {"mlp", "--fine-tune", model.toString(), "--models", second.toString()}, common)),
                error());
        ModelCard fineTuned = new ModelRepository(second).readCard("mlp");
        assertEquals(
                ModelRepository.sha256(Files.readAllBytes(model)),
                fineTuned.training().fineTunedFrom());
        assertEquals(CommandLine.FINE_TUNE_EPOCHS, fineTuned.training().epochs());
        assertNull(fineTuned.training().feedback());
        assertTrue(
                fineTuned.testAccuracy() >= card.testAccuracy() - 0.01,
                fineTuned.testAccuracy() + " after " + card.testAccuracy());
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /** Smoke test: one epoch on 10,000 images, written to a repository with its card. */
    @Test
    void oneEpochOfScratchOnTenThousandImagesReachesNinetyPercent() throws IOException {
        Path models = dir.resolve("models");
        String scratch = ModelKind.SCRATCH.id();
        int exitCode = run(
                scratch,
                "--epochs",
                "1",
                "--train-limit",
                "10000",
                "--augment",
                "none",
                "--data",
                TestData.mnistDir().toString(),
                "--models",
                models.toString());
        assertEquals(0, exitCode, error());

        ModelCard card = new ModelRepository(models).readCard(scratch);
        assertTrue(card.testAccuracy() >= 0.90, "accuracy " + card.testAccuracy());
        assertEquals(
                10_000 + ModelKind.SCRATCH.fontDigits() + ModelKind.SCRATCH.penDigits() + ModelKind.SCRATCH.nonDigits(),
                card.training().trainImages());
        assertTrue(card.command().startsWith("trainer/train.sh " + scratch + " --epochs 1"), card.command());
        assertEquals(
                ModelRepository.sha256(
                        Files.readAllBytes(models.resolve(scratch).resolve(ModelRepository.MODEL_FILE))),
                card.sha256());
        assertTrue(Files.readString(models.resolve(scratch).resolve("config.pbtxt"))
                .contains("platform: \"onnxruntime_onnx\""));
    }

    /** Two small scratch networks, then their mean as one model whose card holds both of theirs. */
    @Test
    void anEnsembleIsTheMeanOfTrainedNetworksWithTheirCards() throws Exception {
        String scratch = ModelKind.SCRATCH.id();
        Path[] members = {dir.resolve("a"), dir.resolve("b")};
        for (int m = 0; m < members.length; m++) {
            int exitCode = run(
                    scratch,
                    "--epochs",
                    "1",
                    "--train-limit",
                    "2000",
                    "--augment",
                    "none",
                    "--font-digits",
                    "0",
                    "--pen-digits",
                    "0",
                    "--seed",
                    String.valueOf(m + 1),
                    "--data",
                    TestData.mnistDir().toString(),
                    "--models",
                    members[m].toString());
            assertEquals(0, exitCode, error());
        }
        Path models = dir.resolve("models");
        String ensemble = members[0] + "," + members[1];
        assertEquals(
                0,
                run(
                        scratch,
                        "--ensemble",
                        ensemble,
                        "--data",
                        TestData.mnistDir().toString(),
                        "--models",
                        models.toString()),
                error());

        ModelCard card = new ModelRepository(models).readCard(scratch);
        ModelCard first = new ModelRepository(members[0]).readCard(scratch);
        ModelCard second = new ModelRepository(members[1]).readCard(scratch);
        assertEquals(List.of(first, second), card.members());
        assertNull(card.training());
        assertEquals(first.parameters() + second.parameters(), card.parameters());
        assertEquals(2000, card.members().get(0).training().trainImages());
        byte[] file = Files.readAllBytes(models.resolve(scratch).resolve(ModelRepository.MODEL_FILE));
        assertEquals(ModelRepository.sha256(file), card.sha256());

        Mnist test = TestData.test();
        float[] mean = new float[test.size() * ModelContract.CLASSES];
        for (Path member : members) {
            try (OnnxModel model =
                    new OnnxModel(Files.readAllBytes(member.resolve(scratch).resolve(ModelRepository.MODEL_FILE)))) {
                float[] probs = model.predict(test.images(), test.size());
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += probs[i] / members.length;
                }
            }
        }
        try (OnnxModel model = new OnnxModel(file)) {
            assertArrayEquals(mean, model.predict(test.images(), test.size()), 1e-6f);
        }
        assertEquals(Accuracy.of(mean, test.labels()), card.testAccuracy(), 1e-4);
        String readme = Files.readString(models.resolve(scratch).resolve("README.md"));
        assertTrue(readme.contains("## Member 2") && readme.contains(second.command()), readme);
    }

    @Test
    void rejectsAnEnsembleItCannotMake() throws IOException {
        assertOneLineError(run(MODEL, "--ensemble", dir.toString()), "--ensemble needs at least two");
        err.reset();
        assertOneLineError(run(MODEL, "--ensemble", dir + "," + dir, "--fine-tune", "x.onnx"), "takes no --fine-tune");
        err.reset();
        assertOneLineError(
                run(MODEL, "--ensemble", dir.resolve("a") + "," + dir.resolve("b")),
                "--ensemble " + dir.resolve("a") + " holds no scratch");
        err.reset();
        assertOneLineError(run(MODEL, "--font-digits", "-1"), "--font-digits must be between 0 and 100000, not -1");
    }
}
