package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.preprocessing.ModelInput;
import dev.digitrecognizer.preprocessing.Preprocessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Decode and preprocessing together for the large requests of {@link LargeImages}: what a phone photo or a big canvas costs. */
@State(Scope.Benchmark)
public class LargeImageBenchmark {
    private final Preprocessor preprocessor = new Preprocessor();
    private byte[] photo;
    private byte[] canvas;
    private byte[] filteredCanvas;

    @Setup
    public void setUp() {
        photo = LargeImages.photoJpeg();
        canvas = LargeImages.canvasPng();
        filteredCanvas = LargeImages.filteredCanvasPng();
    }

    @Benchmark
    public ModelInput photoJpeg4000x3000() {
        return preprocessor.toModelInput(photo);
    }

    @Benchmark
    public ModelInput canvasPng4096() {
        return preprocessor.toModelInput(canvas);
    }

    @Benchmark
    public ModelInput filteredCanvasPng4096() {
        return preprocessor.toModelInput(filteredCanvas);
    }
}
