package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class InkExtractorTest {

    private static BufferedImage image(int type, Color background, Color ink) {
        BufferedImage image = new BufferedImage(100, 100, type);
        Graphics2D g = image.createGraphics();
        if (background != null) {
            g.setColor(background);
            g.fillRect(0, 0, 100, 100);
        }
        g.setColor(ink);
        g.fillRect(40, 20, 20, 60);
        g.dispose();
        return image;
    }

    /** The map holds the 20x60 stroke at full ink and nothing else, whether or not it is cropped to it. */
    private static void assertInkOnlyInTheStroke(InkMap map) {
        int full = 0;
        double total = 0;
        for (float v : map.ink()) {
            full += v == 1 ? 1 : 0;
            total += v;
        }
        assertEquals(20 * 60, full, "stroke");
        assertEquals(20 * 60, total, 1e-3, "background");
    }

    @Test
    void readsATransparentCanvasByItsAlpha() {
        assertInkOnlyInTheStroke(
                InkExtractor.extract(DecodedImage.of(image(BufferedImage.TYPE_INT_ARGB, null, Color.BLACK))));
    }

    @Test
    void readsWhiteInkOnATransparentCanvasToo() {
        assertInkOnlyInTheStroke(
                InkExtractor.extract(DecodedImage.of(image(BufferedImage.TYPE_INT_ARGB, null, Color.WHITE))));
    }

    @Test
    void readsDarkInkOnLightPaper() {
        assertInkOnlyInTheStroke(
                InkExtractor.extract(DecodedImage.of(image(BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK))));
    }

    @Test
    void readsLightInkOnADarkBackground() {
        assertInkOnlyInTheStroke(
                InkExtractor.extract(DecodedImage.of(image(BufferedImage.TYPE_INT_RGB, Color.BLACK, Color.WHITE))));
    }

    @Test
    void removesTheToneOfGreyPaperAndBlueInk() {
        assertInkOnlyInTheStroke(InkExtractor.extract(
                DecodedImage.of(image(BufferedImage.TYPE_INT_RGB, new Color(200, 195, 185), new Color(20, 30, 120)))));
    }

    @Test
    void readsAnOpaqueImageWithAnAlphaChannelByLuminance() {
        assertInkOnlyInTheStroke(
                InkExtractor.extract(DecodedImage.of(image(BufferedImage.TYPE_INT_ARGB, Color.WHITE, Color.BLACK))));
    }

    @Test
    void findsNoInkOnAnEmptyCanvas() {
        ImageRejected e = assertThrows(
                ImageRejected.class,
                () -> InkExtractor.extract(DecodedImage.of(new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB))));
        assertEquals(ImageRejected.Reason.EMPTY, e.reason());
    }

    @Test
    void findsNoInkInAFaintSmudge() {
        ImageRejected e = assertThrows(
                ImageRejected.class,
                () -> InkExtractor.extract(
                        DecodedImage.of(image(BufferedImage.TYPE_INT_RGB, Color.WHITE, new Color(240, 240, 240)))));
        assertEquals(ImageRejected.Reason.EMPTY, e.reason());
    }
}
