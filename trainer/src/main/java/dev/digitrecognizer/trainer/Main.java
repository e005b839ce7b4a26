package dev.digitrecognizer.trainer;

import dev.digitrecognizer.mnist.DatasetException;
import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.trainer.feedback.FeedbackExport;
import dev.digitrecognizer.trainer.feedback.FeedbackSet;
import dev.digitrecognizer.trainer.network.Layer;
import dev.digitrecognizer.trainer.onnx.OnnxExporter;
import dev.digitrecognizer.trainer.onnx.OnnxImporter;
import dev.digitrecognizer.trainer.onnx.OnnxModel;
import dev.digitrecognizer.trainer.repository.ModelCard;
import dev.digitrecognizer.trainer.repository.ModelRepository;
import dev.digitrecognizer.trainer.training.Accuracy;
import dev.digitrecognizer.trainer.training.Learner;
import dev.digitrecognizer.trainer.training.TrainingLoop;
import dev.digitrecognizer.trainer.training.TrainingOptions;
import dev.digitrecognizer.trainer.training.TrainingSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains one model, exports it to ONNX, measures it with ONNX Runtime on the MNIST test set and
 * writes it with its card into the model repository. Errors are one line and a non-zero exit.
 */
public final class Main {
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILURE = 1;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(CommandLine.USAGE);
            return 0;
        }
        try {
            CommandLine commandLine = CommandLine.parse(args);
            String command = "trainer/train.sh " + String.join(" ", args);
            if (commandLine.ensemble().isEmpty()) {
                train(commandLine, command, out);
            } else {
                combine(commandLine, command, out);
            }
            return 0;
        } catch (UsageException | DatasetException e) {
            err.println("trainer: " + e.getMessage());
            return e instanceof UsageException ? EXIT_USAGE : EXIT_FAILURE;
        } catch (Exception | Error e) {
            err.println("trainer: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    static void train(CommandLine commandLine, String command, PrintStream out) throws Exception {
        ModelKind kind = commandLine.model();
        TrainingOptions options = commandLine.options();
        // Read by DJL's PyTorch engine when it loads; one thread keeps epochs steady on 2 cores.
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(options.threads()));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.offline", "true");

        // What the command line names beside MNIST is read first, so that a bad file fails at once.
        FeedbackExport export = commandLine.extraData() == null ? null : FeedbackExport.read(commandLine.extraData());
        byte[] startFile = commandLine.fineTune() == null ? null : startFile(commandLine.fineTune());
        List<Layer> startLayers = startFile == null ? null : startLayers(commandLine.fineTune(), startFile);

        Mnist train = Mnist.load(options.dataDir(), Mnist.Split.TRAIN).head(options.trainLimit());
        Mnist test = Mnist.load(options.dataDir(), Mnist.Split.TEST);
        ModelRepository repository = new ModelRepository(options.modelsDir());

        TrainingSet set = kind.trainingSet(train, options, commandLine.fontDigits(), commandLine.penDigits());
        ModelCard.Feedback feedback = null;
        if (export != null) {
            Mnist drawings = export.forClasses(kind.classes());
            if (drawings.size() == 0) {
                throw new UsageException("--extra-data " + commandLine.extraData() + " holds no drawing the "
                        + kind.id() + " learns from (" + export.size() + " drawings, none labelled 0 to "
                        + (kind.classes() - 1) + ")");
            }
            int repeats = commandLine.extraRepeats() > 0
                    ? commandLine.extraRepeats()
                    : FeedbackSet.repeats(set.size(), drawings.size());
            set = FeedbackSet.of(set, drawings, options, repeats);
            feedback =
                    new ModelCard.Feedback(drawings.size(), export.size() - drawings.size(), repeats, export.sha256());
            out.printf(
                    "feedback: %,d drawings from %s, each %d times an epoch (%,d left out: not a digit)%n",
                    drawings.size(), commandLine.extraData(), repeats, export.size() - drawings.size());
        }
        out.printf(
                "training %s on %,d images for %d epochs (augmentation: %s on %.0f%% of the MNIST images)%n",
                kind.id(), set.size(), options.epochs(), options.augmentations(), options.augmentedShare() * 100);
        long start = System.nanoTime();
        try (Learner learner = kind.newLearner(options.seed())) {
            if (startLayers != null) {
                try {
                    learner.startFrom(startLayers);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--fine-tune " + commandLine.fineTune() + ": " + e.getMessage());
                }
                out.printf(
                        "fine-tuning %s from %s: test accuracy %.4f before%n",
                        kind.id(),
                        commandLine.fineTune(),
                        Accuracy.of(TrainingLoop.predict(learner, test), test.labels()));
            }
            new TrainingLoop(options, out).run(learner, set, test);
            double wallTime = (System.nanoTime() - start) / 1e9;

            byte[] onnx = OnnxExporter.export(kind.id(), learner.layers(), kind.classes());
            repository.writeModel(kind.id(), onnx, kind.classes());
            double accuracy;
            try (OnnxModel model = new OnnxModel(onnx)) {
                accuracy = Accuracy.of(model.predict(test.images(), test.size()), test.labels());
            }
            repository.writeCard(ModelCard.of(
                    kind.id(),
                    learner,
                    ModelCard.Training.of(
                            options,
                            set.size(),
                            wallTime,
                            feedback,
                            startFile == null ? null : ModelRepository.sha256(startFile)),
                    kind.classes(),
                    command,
                    onnx,
                    accuracy));
            out.printf(
                    "%s: test accuracy %.4f (ONNX Runtime), %.0f s, written to %s%n",
                    kind.id(), accuracy, wallTime, repository.modelFile(kind.id()));
        }
    }

    /**
     * Exports the networks of this model that other runs wrote ({@code --ensemble}) as one model
     * whose output is the mean of theirs, measures it and writes it with a card that holds theirs.
     */
    static void combine(CommandLine commandLine, String command, PrintStream out) throws Exception {
        ModelKind kind = commandLine.model();
        List<List<Layer>> networks = new ArrayList<>();
        List<ModelCard> cards = new ArrayList<>();
        for (Path dir : commandLine.ensemble()) {
            ModelRepository member = new ModelRepository(dir);
            Path file = member.modelFile(kind.id());
            if (!Files.isRegularFile(file) || !Files.isRegularFile(member.cardFile(kind.id()))) {
                throw new UsageException("--ensemble " + dir + " holds no " + kind.id()
                        + " the trainer wrote (a model and its card.json)");
            }
            byte[] bytes = Files.readAllBytes(file);
            ModelCard card = member.readCard(kind.id());
            if (!ModelRepository.sha256(bytes).equals(card.sha256()) || card.members() != null) {
                throw new UsageException("--ensemble " + file + " is not the single network its card describes");
            }
            try {
                networks.add(OnnxImporter.layers(bytes));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--ensemble " + file + ": " + e.getMessage());
            }
            cards.add(card);
        }
        Mnist test = Mnist.load(commandLine.options().dataDir(), Mnist.Split.TEST);
        byte[] onnx = OnnxExporter.exportMean(kind.id(), networks, kind.classes());
        double accuracy;
        try (OnnxModel model = new OnnxModel(onnx)) {
            accuracy = Accuracy.of(model.predict(test.images(), test.size()), test.labels());
        }
        ModelRepository repository = new ModelRepository(commandLine.options().modelsDir());
        repository.writeModel(kind.id(), onnx, kind.classes());
        repository.writeCard(ModelCard.ensemble(kind.id(), cards, kind.classes(), command, onnx, accuracy));
        out.printf(
                "%s: the mean of %d networks, test accuracy %.4f (ONNX Runtime), written to %s%n",
                kind.id(), networks.size(), accuracy, repository.modelFile(kind.id()));
    }

    private static byte[] startFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("--fine-tune " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("--fine-tune " + file + ": " + e.getMessage());
        }
    }

    private static List<Layer> startLayers(Path file, byte[] model) {
        try {
            return OnnxImporter.layers(model);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--fine-tune " + file + ": " + e.getMessage());
        }
    }
}
