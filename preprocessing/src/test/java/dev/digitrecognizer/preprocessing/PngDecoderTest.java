package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.digitrecognizer.fixtures.PngFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path gives exactly the image ImageIO gives, and leaves every other PNG to ImageIO. */
class PngDecoderTest {
    private static final long MAX_PIXELS = 1L << 24;

    /** Noise over gradients: every filter type sees varied neighbours, wrapping included. */
    private static byte[] pixels(int width, int height, int channels) {
        SplittableRandom random = new SplittableRandom(channels);
        byte[] pixels = new byte[width * height * channels];
        for (int i = 0; i < pixels.length; i++) {
            int x = (i / channels) % width;
            int y = i / channels / width;
            pixels[i] = (byte) (x * 7 + y * 3 + random.nextInt(40));
        }
        return pixels;
    }

    private static BufferedImage imageIo(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** The image's pixels as getRGB gives them. */
    private static int[] argb(DecodedImage image) {
        int[] argb = new int[image.width() * image.height()];
        byte[] s = image.samples();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int p = image.at(x, y);
                int alpha = image.alpha() ? s[p + 3] & 0xFF : 0xFF;
                argb[y * image.width() + x] =
                        alpha << 24 | (s[p] & 0xFF) << 16 | (s[p + 1] & 0xFF) << 8 | s[p + 2] & 0xFF;
            }
        }
        return argb;
    }

    private static void assertSameImage(BufferedImage expected, DecodedImage actual) {
        assertEquals(expected.getColorModel().hasAlpha(), actual.alpha(), "alpha");
        int w = expected.getWidth();
        int h = expected.getHeight();
        assertEquals(w, actual.width());
        assertEquals(h, actual.height());
        assertArrayEquals(expected.getRGB(0, 0, w, h, null, 0, w), argb(actual));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void decodesEveryFilterTypeExactlyAsImageIoDoes(int channels) throws IOException {
        byte[] png = PngFiles.filtered(pixels(57, 31, channels), 57, 31, channels);
        DecodedImage fast = PngDecoder.decode(png, MAX_PIXELS, 1);
        assertNotNull(fast, "an 8-bit " + (channels == 4 ? "RGBA" : "RGB") + " PNG takes the fast path");
        assertSameImage(imageIo(png), fast);
    }

    /** More rows than one batch of the inflated stream holds, so rows are unfiltered across batches. */
    @Test
    void decodesAnImageOfManyBatchesExactlyAsImageIoDoes() throws IOException {
        byte[] png = PngFiles.filtered(pixels(300, 400, 4), 300, 400, 4);
        assertSameImage(imageIo(png), PngDecoder.decode(png, MAX_PIXELS, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 7})
    void subsamplingKeepsEveryStepthRowAndColumn(int step) throws IOException {
        byte[] png = PngFiles.filtered(pixels(300, 200, 4), 300, 200, 4);
        BufferedImage full = imageIo(png);
        DecodedImage subsampled = PngDecoder.decode(png, MAX_PIXELS, step);
        assertEquals((300 + step - 1) / step, subsampled.width());
        assertEquals((200 + step - 1) / step, subsampled.height());
        int[] argb = argb(subsampled);
        for (int y = 0; y < subsampled.height(); y++) {
            for (int x = 0; x < subsampled.width(); x++) {
                assertEquals(full.getRGB(x * step, y * step), argb[y * subsampled.width() + x]);
            }
        }
    }

    @Test
    void decodesWhatImageIoWritesExactlyAsImageIoReadsIt() throws IOException {
        BufferedImage drawing = new BufferedImage(120, 90, BufferedImage.TYPE_4BYTE_ABGR);
        var g = drawing.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new java.awt.BasicStroke(9, java.awt.BasicStroke.CAP_ROUND, java.awt.BasicStroke.JOIN_ROUND));
        g.drawOval(30, 10, 50, 70);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(drawing, "png", png);
        assertSameImage(drawing, PngDecoder.decode(png.toByteArray(), MAX_PIXELS, 1));
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                BufferedImage.TYPE_BYTE_GRAY,
                BufferedImage.TYPE_BYTE_INDEXED,
                BufferedImage.TYPE_USHORT_GRAY,
                BufferedImage.TYPE_BYTE_BINARY
            })
    void leavesOtherLayoutsToImageIo(int type) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(20, 20, type), "png", png);
        assertNull(PngDecoder.decode(png.toByteArray(), MAX_PIXELS, 1));
    }

    @Test
    void leavesBrokenDataToImageIo() {
        byte[] png = PngFiles.filtered(pixels(40, 40, 4), 40, 40, 4);
        byte[] truncatedStream = Arrays.copyOf(png, png.length - 40);
        byte[] garbled = png.clone();
        for (int i = 80; i < 120; i++) {
            garbled[i] ^= 0x5A;
        }
        assertNull(PngDecoder.decode(truncatedStream, MAX_PIXELS, 1));
        assertNull(PngDecoder.decode(garbled, MAX_PIXELS, 1));
    }

    /** 40x40 RGBA scanlines of filter type 0, as the zlib stream of one IDAT chunk. */
    private static byte[] imageData() {
        byte[] pixels = pixels(40, 40, 4);
        byte[] scanlines = new byte[40 * (1 + 40 * 4)];
        for (int y = 0; y < 40; y++) {
            System.arraycopy(pixels, y * 40 * 4, scanlines, y * (1 + 40 * 4) + 1, 40 * 4);
        }
        return PngFiles.zlib(scanlines);
    }

    @Test
    void leavesADeflateStreamThatDoesNotInflateToImageIoEvenWithItsCrcsRight() {
        byte[] garbled = imageData();
        garbled[2] |= 0b110; // the first block after the two-byte zlib header: type 3, which is reserved
        assertNull(PngDecoder.decode(PngFiles.withImageData(40, 40, garbled), MAX_PIXELS, 1));
    }

    @Test
    void leavesAChunkWhoseCrcDoesNotMatchToImageIo() {
        byte[] png = PngFiles.withImageData(40, 40, imageData());
        png[png.length - 12 - 1] ^= 1; // the IDAT's CRC ends where the 12 bytes of IEND begin
        assertNull(PngDecoder.decode(png, MAX_PIXELS, 1));
    }

    /** The Adler-32 is not summed: the CRCs cover the compressed bytes it would check. */
    @Test
    void decodesAStreamWhoseAdler32IsWrongButWhoseCrcsAreRight() throws IOException {
        byte[] data = imageData();
        BufferedImage expected = imageIo(PngFiles.withImageData(40, 40, data));
        data[data.length - 1] ^= 0x5A;
        assertSameImage(expected, PngDecoder.decode(PngFiles.withImageData(40, 40, data), MAX_PIXELS, 1));
    }

    @Test
    void leavesTooManyPixelsToTheCheckThatRejectsThem() {
        assertNull(PngDecoder.decode(PngFiles.declaring(5000, 5000), 1_000_000, 1));
    }

    /** Every left, up and upper-left sample: the branch-free predictor picks as the specification's does. */
    @Test
    void paethPicksTheNeighbourTheSpecificationPicks() {
        for (int left = 0; left < 256; left++) {
            for (int up = 0; up < 256; up++) {
                for (int upLeft = 0; upLeft < 256; upLeft++) {
                    int estimate = left + up - upLeft;
                    int toLeft = Math.abs(estimate - left);
                    int toUp = Math.abs(estimate - up);
                    int toUpLeft = Math.abs(estimate - upLeft);
                    int expected = toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
                    if (PngDecoder.paeth(left, up, upLeft) != expected) {
                        assertEquals(expected, PngDecoder.paeth(left, up, upLeft), left + ", " + up + ", " + upLeft);
                    }
                }
            }
        }
    }
}
