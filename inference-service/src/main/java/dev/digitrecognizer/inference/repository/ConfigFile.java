package dev.digitrecognizer.inference.repository;

import com.google.protobuf.TextFormat;
import dev.digitrecognizer.inference.repository.ModelConfig.Batching;
import dev.digitrecognizer.inference.repository.ModelConfig.QueuePolicy;
import dev.digitrecognizer.inference.repository.ModelConfig.VersionPolicy;
import dev.digitrecognizer.inference.repository.triton.Triton;
import dev.digitrecognizer.inference.repository.triton.Triton.DataType;
import dev.digitrecognizer.inference.repository.triton.Triton.ModelDynamicBatching;
import dev.digitrecognizer.inference.repository.triton.Triton.ModelInstanceGroup;
import dev.digitrecognizer.inference.repository.triton.Triton.ModelQueuePolicy;
import dev.digitrecognizer.inference.repository.triton.Triton.ModelVersionPolicy;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads a {@code config.pbtxt} as Triton does, with protobuf's text format against Triton's own
 * message definitions ({@code src/main/proto/model_config.proto}), then checks that this server
 * can serve what it asks for. Fields the definitions leave out are skipped, as settings this
 * server has no use for; what it cannot serve is refused with the field's name.
 */
public final class ConfigFile {
    public static final String NAME = "config.pbtxt";
    private static final String ONNX_PLATFORM = "onnxruntime_onnx";
    private static final String ONNX_BACKEND = "onnxruntime";
    private static final String DEFAULT_FILE = "model.onnx";

    /** A config.pbtxt this server cannot serve; the message names the file and the field. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(NAME + ": " + message);
        }
    }

    private ConfigFile() {}

    /** {@code folder} is the model's folder name, which a {@code name} in the file must match. */
    public static ModelConfig parse(String text, String folder) {
        Triton.ModelConfig.Builder builder = Triton.ModelConfig.newBuilder();
        try {
            TextFormat.Parser.newBuilder().setAllowUnknownFields(true).build().merge(text, builder);
        } catch (TextFormat.ParseException e) {
            String detail = e.getMessage().replaceFirst("^\\d+:\\d+: ", "");
            throw new Invalid("line " + e.getLine() + ", column " + e.getColumn() + ": " + detail);
        }
        return check(builder.build(), folder);
    }

    private static ModelConfig check(Triton.ModelConfig config, String folder) {
        if (!config.getName().isEmpty() && !config.getName().equals(folder)) {
            throw new Invalid("name '" + config.getName() + "' is not the model's folder name '" + folder + "'");
        }
        checkPlatform(config);
        if (config.getMaxBatchSize() < 0) {
            throw new Invalid("max_batch_size is " + config.getMaxBatchSize() + "; it cannot be negative");
        }
        if (config.getMaxBatchSize() == 0) {
            throw new Invalid("max_batch_size is 0, a model without a batch dimension; this server serves"
                    + " [N, width] tensors, so it must be 1 or more");
        }
        switch (config.getSchedulingChoiceCase()) {
            case SEQUENCE_BATCHING -> throw new Invalid("sequence_batching is not served; use dynamic_batching");
            case ENSEMBLE_SCHEDULING -> throw new Invalid("ensemble_scheduling is not served");
            case DYNAMIC_BATCHING, SCHEDULINGCHOICE_NOT_SET -> {}
        }
        if (config.getInputCount() != 1) {
            throw new Invalid("input has " + config.getInputCount() + " tensors; this server serves exactly one");
        }
        if (config.getOutputCount() != 1) {
            throw new Invalid("output has " + config.getOutputCount() + " tensors; this server serves exactly one");
        }
        Triton.ModelInput input = config.getInput(0);
        Triton.ModelOutput output = config.getOutput(0);
        if (input.hasReshape() || output.hasReshape()) {
            throw new Invalid("reshape is not served");
        }
        return new ModelConfig(
                ONNX_PLATFORM,
                config.getMaxBatchSize(),
                name("input[0]", input.getName()),
                width("input[0]", input.getName(), input.getDataType(), input.getDimsList()),
                name("output[0]", output.getName()),
                width("output[0]", output.getName(), output.getDataType(), output.getDimsList()),
                fileName(config.getDefaultModelFilename()),
                config.hasDynamicBatching()
                        ? Optional.of(batching(config.getDynamicBatching(), config.getMaxBatchSize()))
                        : Optional.empty(),
                instances(config.getInstanceGroupList()),
                versionPolicy(config.getVersionPolicy()));
    }

    /** Triton takes either field for an ONNX model; neither means its file decides, here always ONNX. */
    private static void checkPlatform(Triton.ModelConfig config) {
        String platform = config.getPlatform();
        String backend = config.getBackend();
        if (!platform.isEmpty() && !platform.equals(ONNX_PLATFORM)) {
            throw new Invalid("platform '" + platform + "' is not served; this server serves " + ONNX_PLATFORM);
        }
        if (!backend.isEmpty() && !backend.equals(ONNX_BACKEND)) {
            throw new Invalid("backend '" + backend + "' is not served; this server serves " + ONNX_BACKEND);
        }
    }

    private static String name(String field, String name) {
        if (name.isEmpty()) {
            throw new Invalid(field + " has no name");
        }
        return name;
    }

    private static long width(String field, String name, DataType type, List<Long> dims) {
        String tensor = field + " '" + name + "'";
        if (type != DataType.TYPE_FP32) {
            throw new Invalid(tensor + " has data_type " + type + "; this server serves TYPE_FP32 only");
        }
        if (dims.size() != 1) {
            throw new Invalid(tensor + " has dims " + dims + "; this server serves one dimension per row");
        }
        long width = dims.get(0);
        if (width < -1 || width == 0) {
            throw new Invalid(tensor + " has dims " + dims + "; a size must be positive, or -1 for a variable one");
        }
        if (width == -1) {
            throw new Invalid(tensor + " has dims [-1]; this server needs a fixed row size");
        }
        return width;
    }

    private static String fileName(String name) {
        if (name.isEmpty()) {
            return DEFAULT_FILE;
        }
        if (name.contains("/") || name.contains("\\") || name.equals("..")) {
            throw new Invalid("default_model_filename must be a file name in the version folder");
        }
        return name;
    }

    private static Batching batching(ModelDynamicBatching batching, int maxBatchSize) {
        TreeSet<Integer> preferred = new TreeSet<>();
        for (int size : batching.getPreferredBatchSizeList()) {
            if (size < 1 || size > maxBatchSize) {
                throw new Invalid("dynamic_batching.preferred_batch_size " + size
                        + " is not between 1 and max_batch_size " + maxBatchSize);
            }
            preferred.add(size);
        }
        if (batching.getPriorityLevels() > 0 || batching.getPriorityQueuePolicyCount() > 0) {
            throw new Invalid("dynamic_batching.priority_levels is not served; use default_queue_policy");
        }
        return new Batching(
                batching.getMaxQueueDelayMicroseconds(), preferred, queuePolicy(batching.getDefaultQueuePolicy()));
    }

    private static QueuePolicy queuePolicy(ModelQueuePolicy policy) {
        if (policy.getTimeoutAction() != ModelQueuePolicy.TimeoutAction.REJECT) {
            throw new Invalid("dynamic_batching.default_queue_policy.timeout_action " + policy.getTimeoutAction()
                    + " is not served; use REJECT");
        }
        // uint fields: Java reads the largest ones as negative, and no queue or timeout needs them.
        if (policy.getMaxQueueSize() < 0 || policy.getDefaultTimeoutMicroseconds() < 0) {
            throw new Invalid("dynamic_batching.default_queue_policy has a size or timeout too large to serve");
        }
        return new QueuePolicy(
                policy.getMaxQueueSize(), policy.getDefaultTimeoutMicroseconds(), policy.getAllowTimeoutOverride());
    }

    /** The sum of the groups' counts, each 1 when unset, as in Triton; every instance runs on the CPU. */
    private static int instances(List<ModelInstanceGroup> groups) {
        if (groups.isEmpty()) {
            return 1;
        }
        int total = 0;
        for (int i = 0; i < groups.size(); i++) {
            ModelInstanceGroup group = groups.get(i);
            if (group.getKind() == ModelInstanceGroup.Kind.KIND_GPU) {
                throw new Invalid("instance_group[" + i + "].kind is KIND_GPU; this server runs on the CPU");
            }
            if (group.getCount() < 0) {
                throw new Invalid("instance_group[" + i + "].count is " + group.getCount() + "; it cannot be negative");
            }
            total += Math.max(1, group.getCount());
        }
        return total;
    }

    private static VersionPolicy versionPolicy(ModelVersionPolicy policy) {
        return switch (policy.getPolicyChoiceCase()) {
            case ALL -> new VersionPolicy.All();
            case SPECIFIC -> {
                TreeSet<Long> versions = new TreeSet<>();
                for (long version : policy.getSpecific().getVersionsList()) {
                    if (version < 0) {
                        throw new Invalid("version_policy.specific.versions has " + version
                                + "; a version is a number of 0 or more");
                    }
                    versions.add(version);
                }
                if (versions.isEmpty()) {
                    throw new Invalid("version_policy.specific names no versions");
                }
                yield new VersionPolicy.Specific(versions);
            }
            case LATEST ->
                new VersionPolicy.Latest(Math.max(1, policy.getLatest().getNumVersions()));
            case POLICYCHOICE_NOT_SET -> new VersionPolicy.Latest(1);
        };
    }
}
