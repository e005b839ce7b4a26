package dev.digitrecognizer.trainer.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.ServedModels;
import dev.digitrecognizer.mnist.InkBox;
import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.PenLines;
import dev.digitrecognizer.trainer.ModelKind;
import dev.digitrecognizer.trainer.TestData;
import dev.digitrecognizer.trainer.onnx.OnnxModel;
import dev.digitrecognizer.trainer.repository.ModelRepository;
import dev.digitrecognizer.trainer.training.Accuracy;
import java.nio.file.Files;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PenStrokeTest {

    @Test
    void framesAStrokeAsTheGatewayFramesADrawing() {
        double[] line = new double[2 * 81];
        for (int i = 0; i <= 80; i++) {
            line[2 * i] = 3;
            line[2 * i + 1] = 2 + i * 0.25;
        }
        float[] image = PenStroke.draw(new PenLines(new InkBox(3, 2, 3, 22), line, new double[0]), 2);

        int top = Mnist.SIDE;
        int bottom = -1;
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        float max = 0;
        for (int y = 0; y < Mnist.SIDE; y++) {
            for (int x = 0; x < Mnist.SIDE; x++) {
                float v = image[y * Mnist.SIDE + x];
                assertTrue(v >= 0 && v <= 1, "pixel " + v);
                if (v > 0) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
                mass += v;
                sumX += (x + 0.5) * v;
                sumY += (y + 0.5) * v;
                max = Math.max(max, v);
            }
        }
        assertEquals(1, max, "the strongest pixel is full ink");
        assertEquals(20, bottom - top + 1, "the longer side is 20 px");
        assertEquals(14.5, sumX / mass, 0.5, "centre of mass, x");
        assertEquals(14.5, sumY / mass, 0.5, "centre of mass, y");
        // A 2 px pen on a 22 px tall stroke, scaled to 20 px: 1.8 px of ink across.
        assertEquals(1.82, mass / 20, 0.2, "ink per row");
    }

    @Test
    void redrawsTheStrokesDrawnWithALightTouch() {
        float[] digit = new float[Mnist.PIXELS];
        for (int y = 4; y < 24; y++) {
            for (int x = 10; x < 13; x++) {
                digit[y * Mnist.SIDE + x] = 1;
            }
        }
        for (int y = 13; y < 15; y++) {
            for (int x = 13; x < 21; x++) {
                digit[y * Mnist.SIDE + x] = 0.35f;
            }
        }
        float[] image = PenStroke.draw(PenLines.of(digit), 2);
        int left = Mnist.SIDE;
        int right = -1;
        for (int p = 0; p < Mnist.PIXELS; p++) {
            if (image[p] > 0.5f) {
                left = Math.min(left, p % Mnist.SIDE);
                right = Math.max(right, p % Mnist.SIDE);
            }
        }
        assertTrue(right - left + 1 >= 8, "the faint bar is drawn in full ink: " + (right - left + 1) + " px wide");
    }

    @Test
    void redrawnTestDigitsAreStillReadByTheCommittedCnn() throws Exception {
        Mnist test = TestData.test().head(1000);
        SplittableRandom random = new SplittableRandom(11);
        float[] drawn = new float[test.images().length];
        for (int i = 0; i < test.size(); i++) {
            float[] digit = test.image(i);
            PenLines lines = PenLines.of(digit);
            double pen = random.nextDouble(0.05, 0.22) * lines.box().height();
            System.arraycopy(PenStroke.draw(lines, pen), 0, drawn, i * Mnist.PIXELS, Mnist.PIXELS);
        }
        byte[] cnn = Files.readAllBytes(new ModelRepository(ServedModels.repository()).modelFile(ModelKind.CNN.id()));
        try (OnnxModel model = new OnnxModel(cnn)) {
            double accuracy = Accuracy.of(model.predict(drawn, test.size()), test.labels());
            assertTrue(accuracy >= 0.97, "accuracy on pen-drawn digits " + accuracy);
        }
    }
}
