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
 * BufferedImage; it was taken again when the drawings changed (round-brush redraws began to cover
 * the areas a writer inked solid), after the drawings of before still gave the digest of before.
 */
class CanvasChecksumTest {
    private static final String PNG_SHA256 = "2faab9d5b07cd46adebcfe5f33b0e331eed19463915c8982179dc9ff60f94c51";
    private static final String JPEG_SHA256 = "fede861e8be2bc350d72833c08388acb489449077565a963078b737c481c0529";

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
