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
 * before still gave the digest of before; and once when framing itself changed, to give blurred ink
 * MNIST's solid core ({@code MnistFrame.FULL_INK_SHARE}).
 */
class CanvasChecksumTest {
    private static final String PNG_SHA256 = "d94f90f1311029cd3368821738b4c60a4c77646349a60fa0d17ec97da4af6e35";
    private static final String JPEG_SHA256 = "666834e3054022119d17d04d23bd2153a19060f55f453a8a04b6296ec81a5b18";

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
