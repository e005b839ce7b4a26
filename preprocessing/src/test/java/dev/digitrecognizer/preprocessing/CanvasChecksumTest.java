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
 * digest was taken before the decoder read big images subsampled and small ones without a BufferedImage.
 */
class CanvasChecksumTest {
    private static final String PNG_SHA256 = "2d6d43e950e3f5a2afbd6f883f3b2a4037fbab97aa44c125882f0f4c4a828e6b";
    private static final String JPEG_SHA256 = "4fb0ac5788584862b7f1941773cbc4c17576ec01772fe576cdd77ec168ce44b2";

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
