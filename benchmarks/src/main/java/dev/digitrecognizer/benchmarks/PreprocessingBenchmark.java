package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.preprocessing.DecodedImage;
import dev.digitrecognizer.preprocessing.ModelInput;
import dev.digitrecognizer.preprocessing.NumberInput;
import dev.digitrecognizer.preprocessing.NumberLimits;
import dev.digitrecognizer.preprocessing.Preprocessor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The gateway's in-process work for one drawing: PNG decode, then ink extraction and MNIST
 * preprocessing; and for a drawn 4-digit number, all of /number's: decode, segmentation, framing.
 */
@State(Scope.Benchmark)
public class PreprocessingBenchmark {
    private final Preprocessor preprocessor = new Preprocessor();
    private byte[] png;
    private DecodedImage image;
    private ModelInput input;
    private byte[] numberPng;

    @Setup
    public void setUp() {
        png = Drawing.png();
        image = preprocessor.decode(png);
        input = preprocessor.toModelInput(png);
        numberPng = Drawing.numberPng();
    }

    /** A 4-digit number on an 840x280 canvas: decoded, cut into its digits, each framed as MNIST. */
    @Benchmark
    public NumberInput numberInput() {
        return preprocessor.toNumberInput(numberPng, NumberLimits.DEFAULTS);
    }

    @Benchmark
    public DecodedImage decode() {
        return preprocessor.decode(png);
    }

    /** What decode costs without the PNG fast path: ImageIO, as for every other image. */
    @Benchmark
    public BufferedImage decodeWithImageIo() throws IOException {
        return ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(png)));
    }

    @Benchmark
    public float[] preprocess() {
        return Preprocessor.frame(image);
    }

    /** The 28x28 PNG of what the model saw, which every answer carries. */
    @Benchmark
    public String encodeModelInput() {
        return input.pngDataUrl();
    }
}
