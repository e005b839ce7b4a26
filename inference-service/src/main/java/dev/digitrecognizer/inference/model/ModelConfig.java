package dev.digitrecognizer.inference.model;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Triton {@code config.pbtxt} this server uses: the platform, the batch limit and
 * the single FP32 input and output with their per-row dims.
 */
public record ModelConfig(
        String platform, int maxBatchSize, String inputName, long inputWidth, String outputName, long outputWidth) {
    /** The protocol's name for TYPE_FP32, the one data_type this server takes. */
    public static final String DATATYPE = "FP32";

    private static final Pattern PLATFORM = Pattern.compile("platform\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern MAX_BATCH = Pattern.compile("max_batch_size\\s*:\\s*(\\d+)");
    private static final Pattern TENSOR = Pattern.compile(
            "(input|output)\\s*\\[\\s*\\{[^}]*?name\\s*:\\s*\"([^\"]+)\"[^}]*?data_type\\s*:\\s*(\\w+)[^}]*?dims\\s*:\\s*\\[\\s*(\\d+)\\s*]",
            Pattern.DOTALL);

    static ModelConfig parse(String text) {
        String platform = find(PLATFORM, text, "platform");
        if (!platform.equals("onnxruntime_onnx")) {
            throw new IllegalArgumentException("platform '" + platform + "' is not onnxruntime_onnx");
        }
        int maxBatch = Integer.parseInt(find(MAX_BATCH, text, "max_batch_size"));
        String inputName = null;
        long inputWidth = 0;
        String outputName = null;
        long outputWidth = 0;
        Matcher tensor = TENSOR.matcher(text);
        while (tensor.find()) {
            if (!tensor.group(3).equals("TYPE_FP32")) {
                throw new IllegalArgumentException(
                        tensor.group(1) + " '" + tensor.group(2) + "' is " + tensor.group(3) + ", not TYPE_FP32");
            }
            if (tensor.group(1).equals("input")) {
                inputName = tensor.group(2);
                inputWidth = Long.parseLong(tensor.group(4));
            } else {
                outputName = tensor.group(2);
                outputWidth = Long.parseLong(tensor.group(4));
            }
        }
        if (inputName == null || outputName == null) {
            throw new IllegalArgumentException("config.pbtxt needs one FP32 input and one FP32 output with dims");
        }
        return new ModelConfig(platform, maxBatch, inputName, inputWidth, outputName, outputWidth);
    }

    private static String find(Pattern pattern, String text, String field) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalArgumentException("config.pbtxt has no " + field);
        }
        return matcher.group(1);
    }

    public List<Long> inputShape() {
        return List.of(-1L, inputWidth);
    }

    public List<Long> outputShape() {
        return List.of(-1L, outputWidth);
    }
}
