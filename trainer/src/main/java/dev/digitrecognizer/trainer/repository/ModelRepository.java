package dev.digitrecognizer.trainer.repository;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.digitrecognizer.mnist.ModelContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A Triton / KServe model repository: {@code <root>/<name>/config.pbtxt},
 * {@code <root>/<name>/1/model.onnx}, and beside them {@code card.json} and {@code README.md}.
 */
public final class ModelRepository {
    public static final String MODEL_FILE = "1/model.onnx";
    public static final int MAX_BATCH_SIZE = 64;
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path root;

    public ModelRepository(Path root) {
        this.root = root;
    }

    public Path modelFile(String name) {
        return root.resolve(name).resolve(MODEL_FILE);
    }

    public Path cardFile(String name) {
        return root.resolve(name).resolve("card.json");
    }

    public void writeModel(String name, byte[] model, int classes) throws IOException {
        Path file = modelFile(name);
        Files.createDirectories(file.getParent());
        Files.write(file, model);
        Files.writeString(root.resolve(name).resolve("config.pbtxt"), tritonConfig(name, classes));
    }

    public void writeCard(ModelCard card) throws IOException {
        Files.writeString(cardFile(card.name()), GSON.toJson(card) + "\n");
        Files.writeString(root.resolve(card.name()).resolve("README.md"), readme(card));
    }

    public ModelCard readCard(String name) throws IOException {
        return GSON.fromJson(Files.readString(cardFile(name)), ModelCard.class);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tritonConfig(String name, int classes) {
        return """
                name: "%s"
                platform: "onnxruntime_onnx"
                max_batch_size: %d
                input [
                  {
                    name: "%s"
                    data_type: TYPE_%s
                    dims: [ %d ]
                  }
                ]
                output [
                  {
                    name: "%s"
                    data_type: TYPE_%s
                    dims: [ %d ]
                  }
                ]
                dynamic_batching {
                  max_queue_delay_microseconds: 500
                }
                """.formatted(
                        name,
                        MAX_BATCH_SIZE,
                        ModelContract.INPUT,
                        ModelContract.DATATYPE,
                        ModelContract.PIXELS,
                        ModelContract.OUTPUT,
                        ModelContract.DATATYPE,
                        classes);
    }

    /** Table rows on the feedback drawings and the model started from; none for a plain run. */
    private static String provenance(ModelCard.Training t) {
        StringBuilder rows = new StringBuilder();
        if (t.fineTunedFrom() != null) {
            rows.append("| Fine-tuned from | `").append(t.fineTunedFrom()).append("` (sha256) |\n");
        }
        if (t.feedback() != null) {
            ModelCard.Feedback f = t.feedback();
            rows.append(String.format(
                    Locale.ROOT,
                    "| Feedback drawings | %,d, each %d times an epoch%s; export sha256 `%s` |\n",
                    f.images(),
                    f.repeatsPerEpoch(),
                    f.skipped() == 0 ? "" : String.format(Locale.ROOT, " (%,d not-a-digit ones left out)", f.skipped()),
                    f.sha256()));
        }
        return rows.toString();
    }

    private static String readme(ModelCard card) {
        StringBuilder readme = new StringBuilder("# " + card.name() + "\n\n| | |\n| --- | --- |\n");
        if (card.members() == null) {
            readme.append(network(card));
        } else {
            readme.append(String.format(
                    Locale.ROOT,
                    "| Architecture | %s |\n| Parameters | %,d |\n",
                    card.architecture(),
                    card.parameters()));
        }
        readme.append(String.format(
                Locale.ROOT,
                """
                | Test accuracy | **%.2f%%** on the %s |
                | File | `%s`, %,d bytes |
                | sha256 | `%s` |
                | Input | `%s` %s %s, 0 = background, 1 = ink |
                | Output | `%s` %s %s, softmax probabilities |

                Produced by:

                ```
                %s
                ```
                """,
                card.testAccuracy() * 100,
                card.testSet(),
                card.file(),
                card.sizeBytes(),
                card.sha256(),
                card.input().name(),
                card.input().datatype(),
                card.input().shape(),
                card.output().name(),
                card.output().datatype(),
                card.output().shape(),
                card.command()));
        List<ModelCard> members = card.members() == null ? List.of() : card.members();
        for (int m = 0; m < members.size(); m++) {
            ModelCard member = members.get(m);
            readme.append(String.format(
                    Locale.ROOT,
                    """

                    ## Member %d

                    | | |
                    | --- | --- |
                    %s| Test accuracy | %.2f%% on its own |
                    | sha256 of its file | `%s` |

                    ```
                    %s
                    ```
                    """,
                    m + 1,
                    network(member),
                    member.testAccuracy() * 100,
                    member.sha256(),
                    member.command()));
        }
        return readme.append("\nThis file and `card.json` are written by the trainer; do not edit them by hand.\n")
                .toString();
    }

    /** The rows on one trained network: what it is and how it was trained. */
    private static String network(ModelCard card) {
        ModelCard.Training t = card.training();
        return """
                | Architecture | %s |
                | Trained with | %s |
                | Parameters | %,d |
                | Epochs | %d (batch size %d) |
                | Optimizer | %s |
                | Augmentation | %s, on %.0f%% of the images each epoch |
                | Seed | %d |
                | Training images | %,d |
                | Training wall time | %.0f s on %d thread(s) |
                """.formatted(
                                card.architecture(),
                                card.framework(),
                                card.parameters(),
                                t.epochs(),
                                t.batchSize(),
                                t.optimizer(),
                                t.augmentation().isEmpty() ? "none" : String.join(", ", t.augmentation()),
                                t.augmentedShare() * 100,
                                t.seed(),
                                t.trainImages(),
                                t.wallTimeSeconds(),
                                t.threads())
                + provenance(t);
    }
}
