package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.ModelContract;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A large image is decoded subsampled to a long side of at least {@link Preprocessor#DECODED_LONG_SIDE}
 * pixels; this measures what that changes in the values a model sees. Canvas drawings are scaled
 * up 4 and 12 times (1120x1120, 3360x3360), as PNG and as JPEG on white, and each model input is
 * compared with the one made from every pixel: the largest difference of any pixel (values are 0
 * to 1) and the mean absolute difference. The digit is centred by a whole-pixel shift, so when its
 * centre of mass lies near a half pixel, a tiny change moves it all by one pixel; such an input is
 * compared shifted back, and counted. At 1x nothing is subsampled, so the inputs are equal.
 * Figures in target/subsampling-*.md.
 */
class CanvasSubsamplingTest {
    private static final int SIDE = Mnist.SIDE;
    /** No pixel of any model input, aligned, moves by more than this. */
    private static final double MAX_DIFFERENCE = 0.1;
    /** The mean absolute difference over every pixel of every input stays under this. */
    private static final double MEAN_DIFFERENCE = 0.005;
    /** At most this share of the inputs is placed a pixel off. */
    private static final double SHIFTED = 0.05;

    private final Preprocessor subsampling = new Preprocessor();
    private final Preprocessor everyPixel = new Preprocessor(new ImageDecoder(
            Preprocessor.DEFAULT_MAX_BYTES,
            Preprocessor.DEFAULT_MAX_PIXELS,
            Preprocessor.DEFAULT_MAX_ASPECT_RATIO,
            Integer.MAX_VALUE));

    @ParameterizedTest(name = "{0}x as {2}")
    @CsvSource({"1, 100, png", "1, 100, jpeg", "4, 30, png", "4, 30, jpeg", "12, 5, png", "12, 5, jpeg"})
    void subsamplingKeepsTheModelInputWithinTolerance(int scale, int perStyle, String format) throws IOException {
        List<BufferedImage> drawings = CanvasDrawings.render(perStyle);
        double worst = 0;
        double sum = 0;
        int shifted = 0;
        for (BufferedImage canvas : drawings) {
            BufferedImage large = scaled(canvas, scale);
            byte[] image = Images.encode(format.equals("png") ? large : CanvasDrawings.onWhite(large), format);
            float[] fast = subsampling.toModelInput(image).pixels();
            float[] full = everyPixel.toModelInput(image).pixels();
            double best = Double.MAX_VALUE;
            int bestShift = 0;
            for (int shift = 0; shift < 9; shift++) {
                double difference = maxDifference(fast, full, shift % 3 - 1, shift / 3 - 1);
                if (difference < best) {
                    best = difference;
                    bestShift = shift;
                }
            }
            worst = Math.max(worst, best);
            shifted += bestShift == 4 ? 0 : 1;
            for (int i = 0; i < full.length; i++) {
                sum += Math.abs(fast[i] - full[i]);
            }
        }
        double mean = sum / drawings.size() / ModelContract.PIXELS;
        String figures = String.format(
                Locale.ROOT,
                "%s at %dx (%d px), %d drawings: max |difference| %.4f aligned, mean %.5f, %d placed a pixel off%n",
                format,
                scale,
                drawings.get(0).getWidth() * scale,
                drawings.size(),
                worst,
                mean,
                shifted);
        Files.writeString(Path.of("target", "subsampling-" + scale + "x-" + format + ".md"), figures);
        System.out.print(figures);
        if (scale == 1) {
            assertEquals(0, sum, "a canvas is not subsampled");
        }
        assertTrue(worst <= MAX_DIFFERENCE, figures);
        assertTrue(mean <= MEAN_DIFFERENCE, figures);
        assertTrue(shifted <= SHIFTED * drawings.size(), figures);
    }

    /** The largest difference between {@code a} and {@code b} moved by (dx, dy). */
    private static double maxDifference(float[] a, float[] b, int dx, int dy) {
        double max = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int bx = x - dx;
                int by = y - dy;
                float moved = bx >= 0 && bx < SIDE && by >= 0 && by < SIDE ? b[by * SIDE + bx] : 0;
                max = Math.max(max, Math.abs(a[y * SIDE + x] - moved));
            }
        }
        return max;
    }

    private static BufferedImage scaled(BufferedImage canvas, int scale) {
        if (scale == 1) {
            return canvas;
        }
        BufferedImage large =
                new BufferedImage(canvas.getWidth() * scale, canvas.getHeight() * scale, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = large.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(canvas, 0, 0, large.getWidth(), large.getHeight(), null);
        g.dispose();
        return large;
    }
}
