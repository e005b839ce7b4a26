package dev.digitrecognizer.inference.dataplane;

import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.dataplane.Failure.InvalidInput;
import dev.digitrecognizer.inference.repository.ModelConfig;
import java.util.List;

/** Checks an infer request against the model's signature and reads its rows of floats. */
final class Signature {
    private Signature() {}

    /** The request's rows: {@code count} x the model's input width floats, each finite. */
    record Rows(float[] data, int count) {}

    static Rows rows(InferRequest request, ServedModel model, int maxRows) {
        if (request.inputs().size() != 1) {
            throw new InvalidInput("model '" + model.name() + "' takes exactly one input, '"
                    + model.config().inputName() + "'");
        }
        for (String output : request.outputs()) {
            if (!model.config().outputName().equals(output)) {
                throw new InvalidInput("unknown output '" + output + "'; model '" + model.name() + "' has '"
                        + model.config().outputName() + "'");
            }
        }
        InferRequest.Input input = request.inputs().get(0);
        int count = count(model, input, maxRows);
        float[] data = input.values().read(count * model.inputWidth());
        requireFinite(data, input.name());
        return new Rows(data, count);
    }

    /** Checks the input's name, datatype and shape [N, width] against the model; returns N. */
    private static int count(ServedModel model, InferRequest.Input input, int maxRows) {
        String inputName = model.config().inputName();
        if (!inputName.equals(input.name())) {
            throw new InvalidInput(
                    "unknown input '" + input.name() + "'; model '" + model.name() + "' takes '" + inputName + "'");
        }
        if (!ModelConfig.DATATYPE.equals(input.datatype())) {
            throw new InvalidInput("input '" + inputName + "' has datatype '" + input.datatype() + "'; expected "
                    + ModelConfig.DATATYPE);
        }
        int width = model.inputWidth();
        List<Long> shape = input.shape();
        if (shape == null
                || shape.size() != 2
                || shape.get(1) == null
                || shape.get(1) != width
                || shape.get(0) == null
                || shape.get(0) < 1) {
            throw new InvalidInput(
                    "input '" + inputName + "' has shape " + shape + "; expected [N," + width + "] with N >= 1");
        }
        if (shape.get(0) > maxRows) {
            throw new InvalidInput(
                    "input '" + inputName + "' has " + shape.get(0) + " rows; at most " + maxRows + " are allowed");
        }
        return shape.get(0).intValue();
    }

    /** Every value must be a finite FP32 number: NaN and infinity are refused, not computed. */
    private static void requireFinite(float[] values, String name) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                throw new InvalidInput("input '" + name + "' has a value that is not a finite FP32 number: " + value);
            }
        }
    }
}
