package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.PngFiles;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(5 * 1024 * 1024, 4096L * 4096);
    private final byte[] png = Images.encode(new BufferedImage(30, 20, BufferedImage.TYPE_INT_ARGB), "png");

    private DecodedImage decode(byte[] image) {
        return decoder.decode(decoder.check(image));
    }

    private static ImageRejected.Reason reason(Runnable action) {
        return assertThrows(ImageRejected.class, action::run).reason();
    }

    @Test
    void decodesAPngWithItsSize() {
        DecodedImage image = decode(png);
        assertEquals(30, image.width());
        assertEquals(20, image.height());
    }

    @Test
    void rejectsADecompressionBombFromItsHeader() {
        assertEquals(ImageRejected.Reason.TOO_MANY_PIXELS, reason(() -> decode(PngFiles.declaring(100_000, 100_000))));
    }

    @Test
    void rejectsTooManyBytesBeforeLookingAtThem() {
        assertEquals(ImageRejected.Reason.TOO_LARGE, reason(() -> decode(new byte[6 * 1024 * 1024])));
    }

    @Test
    void rejectsTruncatedFiles() {
        assertEquals(ImageRejected.Reason.CORRUPT, reason(() -> decode(Arrays.copyOf(png, png.length - 20))));
        byte[] jpeg = Images.encode(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "jpeg");
        assertEquals(ImageRejected.Reason.CORRUPT, reason(() -> decode(Arrays.copyOf(jpeg, jpeg.length / 2))));
    }

    /** Damaged files of both formats, through both PNG paths: an image or a rejection, never anything else. */
    @Test
    void damagedFilesAreDecodedOrRejectedNeverThrownOut() {
        byte[] canvas = PngFiles.filtered(new byte[40 * 30 * 4], 40, 30, 4);
        byte[] jpeg = Images.encode(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "jpeg");
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (byte[] original : new byte[][] {canvas, png, jpeg}) {
            for (int trial = 0; trial < 300; trial++) {
                byte[] damaged = original.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    damaged[8 + random.nextInt(damaged.length - 8)] = (byte) random.nextInt(256);
                }
                if (random.nextBoolean()) {
                    damaged = Arrays.copyOf(damaged, 8 + random.nextInt(damaged.length - 8));
                }
                try {
                    decode(damaged);
                } catch (ImageRejected rejected) {
                    // the answer for a damaged file
                }
            }
        }
    }

    /** It even ends in "IEND", so only the decoder's own bounds stand between it and a crash. */
    @Test
    void rejectsAPngThatEndsInsideItsHeader() {
        byte[] cut = Arrays.copyOf(PngFiles.declaring(10, 10), 8 + 4 + 4 + 13);
        System.arraycopy(new byte[] {'I', 'E', 'N', 'D'}, 0, cut, cut.length - 4, 4);
        assertEquals(ImageRejected.Reason.CORRUPT, reason(() -> decode(cut)));
    }

    /** A zlib stream that asks for a preset dictionary makes no progress: rejected, not looped on. */
    @Test
    void rejectsImageDataThatNeedsAPresetDictionary() {
        byte[] png = PngFiles.withImageData(4, 4, new byte[] {0x78, 0x20, 0, 0, 0, 1, 0x63, 0, 0, 0, 0, 0, 0, 0});
        assertEquals(
                ImageRejected.Reason.CORRUPT,
                assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> reason(() -> decode(png))));
    }

    @Test
    void tellsFormatsApartByTheirBytes() {
        assertEquals(ImageFormat.PNG, ImageFormat.sniff(png));
        assertEquals(ImageFormat.JPEG, ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}));
        assertEquals(ImageRejected.Reason.UNSUPPORTED_FORMAT, reason(() -> ImageFormat.sniff("GIF89a".getBytes())));
        assertEquals(ImageRejected.Reason.UNSUPPORTED_FORMAT, reason(() -> ImageFormat.sniff("BM....".getBytes())));
        assertEquals(ImageRejected.Reason.UNSUPPORTED_FORMAT, reason(() -> ImageFormat.sniff("II*\0....".getBytes())));
        assertEquals(
                ImageRejected.Reason.UNSUPPORTED_FORMAT,
                reason(() -> ImageFormat.sniff("<?xml version=\"1.0\"?><svg/>".getBytes())));
        assertEquals(ImageRejected.Reason.NOT_AN_IMAGE, reason(() -> ImageFormat.sniff(new byte[0])));
    }

    @Test
    void anIconIsAnUnsupportedFormatNotANonImage() {
        byte[] ico = {0, 0, 1, 0, 1, 0, 16, 16, 0, 0};
        byte[] cur = {0, 0, 2, 0, 1, 0, 16, 16, 0, 0};
        assertEquals(ImageRejected.Reason.UNSUPPORTED_FORMAT, reason(() -> ImageFormat.sniff(ico)));
        assertEquals(ImageRejected.Reason.UNSUPPORTED_FORMAT, reason(() -> ImageFormat.sniff(cur)));
    }
}
