package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.PngFiles;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The size is read from the header and checked before anything is decoded. */
class ImageSizeCheckTest {
    private final Preprocessor preprocessor = new Preprocessor();

    private ImageRejected.Reason reason(byte[] image) {
        return assertThrows(ImageRejected.class, () -> preprocessor.check(image))
                .reason();
    }

    @Test
    void readsAPngsSizeFromItsHeader() {
        assertEquals(
                new ImageSize(4096, 3000),
                preprocessor.check(PngFiles.declaring(4096, 3000)).size());
    }

    @Test
    void readsAJpegsSizeFromItsHeader() {
        byte[] jpeg = Images.encode(new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB), "jpeg");
        assertEquals(new ImageSize(640, 480), preprocessor.check(jpeg).size());
    }

    @Test
    void rejectsAStripOfSixteenMillionPixelsBeforeDecodingIt() {
        assertEquals(ImageRejected.Reason.BAD_ASPECT_RATIO, reason(PngFiles.declaring(1, 1 << 24)));
        assertEquals(ImageRejected.Reason.BAD_ASPECT_RATIO, reason(PngFiles.declaring(1 << 24, 1)));
    }

    @Test
    void decodingChecksTheAspectRatioToo() {
        assertEquals(
                ImageRejected.Reason.BAD_ASPECT_RATIO,
                assertThrows(ImageRejected.class, () -> preprocessor.toModelInput(PngFiles.declaring(20_000, 10)))
                        .reason());
    }

    @Test
    void acceptsAWidePhotoOfADigit() {
        assertEquals(
                new ImageSize(1000, 10),
                preprocessor.check(PngFiles.declaring(1000, 10)).size());
    }

    @Test
    void rejectsTooManyPixelsBeforeTheAspectRatio() {
        assertEquals(ImageRejected.Reason.TOO_MANY_PIXELS, reason(PngFiles.declaring(100_000, 100_000)));
    }

    @Test
    void theAspectRatioIsConfigured() {
        Preprocessor strict = new Preprocessor(Preprocessor.DEFAULT_MAX_BYTES, Preprocessor.DEFAULT_MAX_PIXELS, 4);
        assertThrows(ImageRejected.class, () -> strict.check(PngFiles.declaring(500, 100)));
    }

    @Test
    void theRatioIsTheLongSideOverTheShortSide() {
        assertEquals(50.0, new ImageSize(10, 500).aspectRatio());
        assertEquals(50.0, new ImageSize(500, 10).aspectRatio());
    }

    @Test
    void aLargeImageHoldsOnlyTheSubsampledPixelsItIsDecodedTo() {
        assertEquals(280L * 280, preprocessor.decodedPixels(new ImageSize(280, 280)));
        assertEquals(1023L * 700, preprocessor.decodedPixels(new ImageSize(1023, 700)));
        assertEquals(572L * 429, preprocessor.decodedPixels(new ImageSize(4000, 3000)));
        BufferedImage photo = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        DecodedImage decoded = preprocessor.decode(Images.encode(photo, "jpeg"));
        assertEquals(preprocessor.decodedPixels(new ImageSize(4000, 3000)), (long) decoded.width() * decoded.height());
    }
}
