package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.preprocessing.DecodedImage;
import dev.digitrecognizer.preprocessing.ModelInput;
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

/** The gateway's in-process work for one drawing: PNG decode, then ink extraction and MNIST preprocessing. */
@State(Scope.Benchmark)
public class PreprocessingBenchmark {
    private final Preprocessor preprocessor = new Preprocessor();
    private byte[] png;
    private DecodedImage image;
    private ModelInput input;

    @Setup
    public void setUp() {
        png = Drawing.png();
        image = preprocessor.decode(png);
        input = preprocessor.toModelInput(png);
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
