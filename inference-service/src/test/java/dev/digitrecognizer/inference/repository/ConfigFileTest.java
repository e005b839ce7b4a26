package dev.digitrecognizer.inference.repository;

import static dev.digitrecognizer.mnist.ModelContract.CLASSES;
import static dev.digitrecognizer.mnist.ModelContract.PIXELS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.inference.repository.ModelConfig.VersionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** config.pbtxt is read as Triton reads it; what this server cannot serve is refused by file and field. */
class ConfigFileTest {
    private static final String TENSORS = "input [ { name: \"input\" data_type: TYPE_FP32 dims: [ " + PIXELS
            + " ] } ]\noutput [ { name: \"probs\" data_type: TYPE_FP32 dims: [ " + CLASSES + " ] } ]\n";
    private static final String MINIMAL = "platform: \"onnxruntime_onnx\"\nmax_batch_size: 8\n" + TENSORS;

    @Test
    void theCommittedConfigsReadAsBefore() throws IOException {
        for (String name : ServedModels.names()) {
            ModelConfig config = ConfigFile.parse(
                    Files.readString(ServedModels.repository().resolve(name).resolve(ConfigFile.NAME)), name);
            assertEquals("onnxruntime_onnx", config.platform());
            assertEquals(64, config.maxBatchSize());
            assertEquals(List.of(-1L, (long) PIXELS), config.inputShape());
            // The detector answers "not a digit" after the ten digits.
            long width = name.equals(ServedModels.DETECTOR) ? CLASSES + 1 : CLASSES;
            assertEquals(List.of(-1L, width), config.outputShape());
            assertEquals(500, config.batching().orElseThrow().maxQueueDelayMicros());
            assertEquals(
                    ModelConfig.QueuePolicy.NONE,
                    config.batching().orElseThrow().queue());
            assertEquals(1, config.instances());
            assertEquals(new VersionPolicy.Latest(1), config.versionPolicy());
        }
    }

    @Test
    void readsEveryServedSetting() {
        ModelConfig config = ConfigFile.parse(
                MINIMAL
                        + "dynamic_batching { max_queue_delay_microseconds: 100 preferred_batch_size: [ 2, 4 ]\n"
                        + "  default_queue_policy { max_queue_size: 4 default_timeout_microseconds: 9\n"
                        + "    allow_timeout_override: true timeout_action: REJECT } }\n"
                        + "instance_group [ { count: 2 kind: KIND_CPU }, { kind: KIND_CPU } ]\n"
                        + "version_policy: { specific: { versions: [ 1, 3 ] } }\n",
                "m");
        ModelConfig.Batching batching = config.batching().orElseThrow();
        assertEquals(100, batching.maxQueueDelayMicros());
        assertEquals(new TreeSet<>(List.of(2, 4)), batching.preferredBatchSizes());
        assertEquals(new ModelConfig.QueuePolicy(4, 9, true), batching.queue());
        assertEquals(3, config.instances());
        assertEquals(new VersionPolicy.Specific(new TreeSet<>(List.of(1L, 3L))), config.versionPolicy());
    }

    @Test
    void aModelWithoutDynamicBatchingIsNotBatched() {
        assertEquals(Optional.empty(), ConfigFile.parse(MINIMAL, "m").batching());
    }

    @Test
    void fieldsThisServerDoesNotUseAreIgnored() {
        ModelConfig config = ConfigFile.parse(
                MINIMAL
                        + "optimization { graph { level: 1 } }\nmodel_warmup [ { name: \"w\" batch_size: 1 } ]\n"
                        + "parameters { key: \"k\" value: { string_value: \"v\" } }\nbackend: \"onnxruntime\"\n",
                "m");
        assertEquals(8, config.maxBatchSize());
    }

    @Test
    void theVersionPoliciesSelectAsTritonDoes() {
        TreeSet<Long> available = new TreeSet<>(List.of(1L, 2L, 3L));
        assertEquals(new TreeSet<>(List.of(3L)), new VersionPolicy.Latest(1).select(available));
        assertEquals(new TreeSet<>(List.of(2L, 3L)), new VersionPolicy.Latest(2).select(available));
        assertEquals(available, new VersionPolicy.All().select(available));
    }

    @Test
    void aSyntaxErrorNamesTheFileAndTheLine() {
        assertRefused("config.pbtxt: line 2, column", MINIMAL.replace("max_batch_size: 8", "max_batch_size 8 }"));
    }

    @Test
    void anUnknownPlatformIsRefused() {
        assertRefused(
                "config.pbtxt: platform 'tensorflow_savedmodel' is not served",
                MINIMAL.replace("onnxruntime_onnx", "tensorflow_savedmodel"));
    }

    @Test
    void aWrongDatatypeIsRefused() {
        assertRefused(
                "config.pbtxt: input[0] 'input' has data_type TYPE_INT64",
                MINIMAL.replaceFirst("TYPE_FP32", "TYPE_INT64"));
    }

    @Test
    void aDatatypeTritonDoesNotKnowIsASyntaxError() {
        assertRefused("config.pbtxt: line 3", MINIMAL.replaceFirst("TYPE_FP32", "TYPE_FLOAT"));
    }

    @Test
    void aNegativeBatchSizeIsRefused() {
        assertRefused(
                "config.pbtxt: max_batch_size is -2; it cannot be negative",
                MINIMAL.replace("max_batch_size: 8", "max_batch_size: -2"));
    }

    @Test
    void aNegativeDimIsRefused() {
        assertRefused(
                "config.pbtxt: output[0] 'probs' has dims [-3]",
                MINIMAL.replace("dims: [ " + CLASSES + " ]", "dims: [ -3 ]"));
    }

    @Test
    void aNegativeQueueSizeIsASyntaxError() {
        assertRefused(
                "config.pbtxt: line 5, column 59: Couldn't parse integer: Number must be positive: -4",
                MINIMAL + "dynamic_batching { default_queue_policy { max_queue_size: -4 } }");
    }

    @Test
    void aPreferredBatchSizeOverTheLimitIsRefused() {
        assertRefused(
                "config.pbtxt: dynamic_batching.preferred_batch_size 16 is not between 1 and max_batch_size 8",
                MINIMAL + "dynamic_batching { preferred_batch_size: [ 16 ] }");
    }

    @Test
    void aDelayedTimeoutActionIsRefused() {
        assertRefused(
                "timeout_action DELAY is not served",
                MINIMAL + "dynamic_batching { default_queue_policy { timeout_action: DELAY } }");
    }

    @Test
    void aNameOtherThanTheFolderIsRefused() {
        assertRefused("config.pbtxt: name 'other' is not the model's folder name 'm'", "name: \"other\"\n" + MINIMAL);
    }

    @Test
    void sequenceBatchingIsRefused() {
        assertRefused(
                "sequence_batching is not served", MINIMAL + "sequence_batching { max_sequence_idle_microseconds: 5 }");
    }

    private static void assertRefused(String start, String text) {
        ConfigFile.Invalid refused = assertThrows(ConfigFile.Invalid.class, () -> ConfigFile.parse(text, "m"));
        if (!refused.getMessage().startsWith(start) && !refused.getMessage().contains(start)) {
            throw new AssertionError("expected '" + start + "' in: " + refused.getMessage());
        }
    }
}
