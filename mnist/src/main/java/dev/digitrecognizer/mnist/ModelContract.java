package dev.digitrecognizer.mnist;

/**
 * What every served model takes and gives: one MNIST image as {@link #PIXELS} floats in [0, 1]
 * (0 = background) in the FP32 tensor {@value #INPUT}, and the probability of each of the
 * {@link #CLASSES} digits in the FP32 tensor {@value #OUTPUT}. The exporter, the model
 * repository's config.pbtxt, the services, the benchmarks and the tests all read it from here.
 */
public final class ModelContract {
    public static final String INPUT = "input";
    public static final String OUTPUT = "probs";
    public static final String DATATYPE = "FP32";
    public static final int PIXELS = Mnist.PIXELS;
    public static final int CLASSES = 10;
    /** Bytes of one input row as little-endian FP32, as the binary tensor extension sends it. */
    public static final int ROW_BYTES = PIXELS * Float.BYTES;

    private ModelContract() {}
}
