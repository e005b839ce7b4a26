package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.digitrecognizer.fixtures.Images;
import java.awt.image.BufferedImage;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A JSON request's image, base64 or a data URL, read into bytes. */
class Base64ImageTest {
    private static final long MAX_BYTES = 5 * 1024 * 1024;
    private final byte[] png = Images.encode(new BufferedImage(30, 20, BufferedImage.TYPE_INT_ARGB), "png");

    private static ImageRejected.Reason reason(String text) {
        return assertThrows(ImageRejected.class, () -> Base64Image.bytes(text, MAX_BYTES))
                .reason();
    }

    @Test
    void readsADataUrl() {
        assertArrayEquals(
                png,
                Base64Image.bytes("data:image/png;base64," + Base64.getEncoder().encodeToString(png), MAX_BYTES));
    }

    @Test
    void readsBareBase64WithLineBreaks() {
        String wrapped = Base64.getMimeEncoder().encodeToString(png);
        assertArrayEquals(png, Base64Image.bytes(wrapped, MAX_BYTES));
    }

    @Test
    void rejectsADataUrlThatIsNotBase64() {
        assertEquals(ImageRejected.Reason.NOT_AN_IMAGE, reason("data:image/png,rawbytes"));
    }

    @Test
    void rejectsTextThatIsNotBase64() {
        assertEquals(ImageRejected.Reason.NOT_AN_IMAGE, reason("not*base64"));
    }

    @Test
    void rejectsTooMuchTextBeforeDecodingIt() {
        assertEquals(ImageRejected.Reason.TOO_LARGE, reason("A".repeat(8 * 1024 * 1024)));
    }
}
