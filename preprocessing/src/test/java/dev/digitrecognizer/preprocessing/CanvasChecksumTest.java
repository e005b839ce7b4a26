package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.digitrecognizer.fixtures.Images;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The model inputs of the 1,200 canvas drawings, bit for bit: a change that makes the decoder or
 * the preprocessing faster must leave what the models see for a canvas exactly as it was. The
 * digest was first taken before the decoder read big images subsampled and small ones without a
 * BufferedImage; it was taken again each time the drawings changed (round-brush redraws began to
 * cover the areas a writer inked solid, then the strokes drawn faintly), after the drawings of
 * before still gave the digest of before.
 */
class CanvasChecksumTest {
    private static final String PNG_SHA256 = "600145893325450f75458d87ff09c36df391d1908152ffaa375c1269cf11ea05";
    private static final String JPEG_SHA256 = "e43afa2fd3601446151442eb9d7656af2653df3d61d4d9245266b4cc2f9f1606";

    @Test
    void canvasPngsGiveTheSameModelInputsBitForBit() throws NoSuchAlgorithmException {
        assertEquals(PNG_SHA256, digest("png"));
    }

    /** The same drawings on white paper as JPEGs: the ImageIO path. */
    @Test
    void canvasJpegsGiveTheSameModelInputsBitForBit() throws NoSuchAlgorithmException {
        assertEquals(JPEG_SHA256, digest("jpeg"));
    }

    private static String digest(String format) throws NoSuchAlgorithmException {
        Preprocessor preprocessor = new Preprocessor();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (BufferedImage canvas : CanvasDrawings.render(CanvasDrawings.PER_STYLE)) {
            BufferedImage image = format.equals("png") ? canvas : CanvasDrawings.onWhite(canvas);
            float[] pixels =
                    preprocessor.toModelInput(Images.encode(image, format)).pixels();
            ByteBuffer bits = ByteBuffer.allocate(pixels.length * Float.BYTES);
            bits.asFloatBuffer().put(pixels);
            digest.update(bits.array());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
