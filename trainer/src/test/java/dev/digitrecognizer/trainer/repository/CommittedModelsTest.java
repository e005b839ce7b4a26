package dev.digitrecognizer.trainer.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.ModelContract;
import dev.digitrecognizer.trainer.ModelKind;
import dev.digitrecognizer.trainer.TestData;
import dev.digitrecognizer.trainer.onnx.OnnxModel;
import dev.digitrecognizer.trainer.training.Accuracy;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The repository serves the trainer's models, the ones their cards describe, and they clear their bars. */
class CommittedModelsTest {
    private static final String SERVED = "dev.digitrecognizer.fixtures.ServedModels#names";

    private final ModelRepository repository = new ModelRepository(ServedModels.repository());

    @Test
    void servesEveryModelTheTrainerTrainsAndNoOther() {
        assertEquals(
                Arrays.stream(ModelKind.values()).map(ModelKind::id).sorted().toList(), ServedModels.names());
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void reachesItsAccuracyBarOnTheTenThousandTestImages(ModelKind kind) throws Exception {
        String name = kind.id();
        double bar = switch (kind) {
            case CNN -> 0.995;
            case MLP -> 0.984;
            case SCRATCH -> 0.980;
            case DETECTOR -> 0.985;
        };
        Mnist test = TestData.test();
        try (OnnxModel model = new OnnxModel(Files.readAllBytes(repository.modelFile(name)))) {
            double accuracy = Accuracy.of(model.predict(test.images(), test.size()), test.labels());
            assertTrue(accuracy >= bar, name + " accuracy " + accuracy + " is under " + bar);
            assertEquals(repository.readCard(name).testAccuracy(), accuracy, 1e-9, "the card's accuracy");
        }
    }

    @ParameterizedTest
    @MethodSource(SERVED)
    void matchesItsCard(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(repository.modelFile(name));
        ModelCard card = repository.readCard(name);
        assertEquals(name, card.name());
        assertEquals(ModelRepository.sha256(bytes), card.sha256());
        assertEquals(bytes.length, card.sizeBytes());
        assertEquals(ModelCard.Tensor.INPUT, card.input());
        int classes = ModelKind.parse(name).classes();
        assertEquals(ModelCard.Tensor.output(classes), card.output());
        List<ModelCard> networks = card.members() == null ? List.of(card) : card.members();
        assertEquals(networks.stream().mapToLong(ModelCard::parameters).sum(), card.parameters());
        for (ModelCard network : networks) {
            assertTrue(network.parameters() > 0 && network.training().wallTimeSeconds() > 0, name);
            assertTrue(network.command().startsWith("trainer/train.sh " + name), network.command());
        }
        assertTrue(card.command().startsWith("trainer/train.sh " + name), card.command());

        try (OnnxModel model = new OnnxModel(bytes)) {
            assertShape(model.inputs(), ModelContract.INPUT, ModelContract.PIXELS);
            assertShape(model.outputs(), ModelContract.OUTPUT, classes);
        }
    }

    @ParameterizedTest
    @MethodSource(SERVED)
    void hasATritonConfigForItsName(String name) throws Exception {
        String config = Files.readString(ServedModels.repository().resolve(name).resolve("config.pbtxt"));
        assertEquals(ModelRepository.tritonConfig(name, ModelKind.parse(name).classes()), config);
    }

    private static void assertShape(Map<String, NodeInfo> nodes, String name, long width) {
        assertEquals(List.of(name), List.copyOf(nodes.keySet()));
        TensorInfo info = (TensorInfo) nodes.get(name).getInfo();
        assertArrayEquals(new long[] {-1, width}, info.getShape());
        assertEquals(ai.onnxruntime.OnnxJavaType.FLOAT, info.type);
    }
}
