package dev.digitrecognizer.inference.dataplane;

import java.util.List;

/**
 * An infer request as either protocol gives it, read from its wire format and not yet checked
 * against the model: {@link DataPlane#infer} does that.
 *
 * @param version the version the request names; null or empty for the highest served one
 * @param outputs the outputs the request names, if any; each must be the model's
 * @param timeout the request's {@code timeout} parameter as sent, or null
 * @param rawOutput the outputs are wanted as raw little-endian FP32 bytes, not as numbers
 */
public record InferRequest(
        String model, String version, List<Input> inputs, List<String> outputs, Object timeout, boolean rawOutput) {
    /** The parameter that shortens how long the request may wait in the queue, in microseconds. */
    public static final String TIMEOUT = "timeout";

    /** One input tensor; its values are read once its name, datatype and shape are checked. */
    public record Input(String name, String datatype, List<Long> shape, Values values) {}

    /** The values of an input in the form its protocol carries them. */
    @FunctionalInterface
    public interface Values {
        /** Exactly {@code count} floats, or {@link Failure.InvalidInput} saying why they are not there. */
        float[] read(int count);
    }
}
