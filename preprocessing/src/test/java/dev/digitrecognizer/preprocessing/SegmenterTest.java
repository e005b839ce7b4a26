package dev.digitrecognizer.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.mnist.Mnist;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** How a drawing of a number is cut into digits: marks merged into digits, noise dropped, limits kept. */
class SegmenterTest {
    private static final Preprocessor PREPROCESSOR = new Preprocessor();
    private static final float BRUSH = 16;

    /** Black anti-aliased ink on the canvas. */
    private static Graphics2D pen(BufferedImage canvas) {
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        return g;
    }

    /** A transparent canvas with black round-brush strokes, each a polyline of x, y pairs. */
    private static byte[] strokes(int width, int height, int[]... polylines) {
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = pen(canvas);
        g.setStroke(new BasicStroke(BRUSH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int[] line : polylines) {
            Path2D path = new Path2D.Double();
            path.moveTo(line[0], line[1]);
            for (int i = 2; i < line.length; i += 2) {
                path.lineTo(line[i], line[i + 1]);
            }
            g.draw(path);
        }
        g.dispose();
        return Images.encode(canvas, "png");
    }

    private static List<DigitInput> digits(byte[] image) {
        return PREPROCESSOR.toNumberInput(image, NumberLimits.DEFAULTS).digits();
    }

    /** The digits found in a 560x280 canvas drawn on by {@code drawing}. */
    private static int digitsDrawnBy(Consumer<Graphics2D> drawing) {
        BufferedImage canvas = new BufferedImage(560, 280, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = pen(canvas);
        drawing.accept(g);
        g.dispose();
        return digits(Images.encode(canvas, "png")).size();
    }

    @Test
    void aFiveWithItsTopBarDrawnApartIsOneDigit() {
        byte[] five = strokes(280, 280, new int[] {90, 40, 180, 40}, new int[] {
            88, 62, 80, 130, 140, 120, 170, 160, 160, 220, 110, 240, 70, 220
        });
        assertEquals(1, digits(five).size());
    }

    @Test
    void aFourDrawnInTwoStrokesIsOneDigit() {
        byte[] four = strokes(280, 280, new int[] {70, 40, 55, 160, 180, 160}, new int[] {140, 50, 140, 140});
        assertEquals(1, digits(four).size());
    }

    @Test
    void aSevenDrawnInTwoStrokesIsOneDigit() {
        byte[] seven = strokes(280, 280, new int[] {40, 50, 180, 50}, new int[] {175, 68, 100, 240});
        assertEquals(1, digits(seven).size());
    }

    @Test
    void aBrokenStrokeIsOneDigit() {
        byte[] one = strokes(280, 280, new int[] {140, 40, 138, 120}, new int[] {137, 140, 135, 240});
        assertEquals(1, digits(one).size());
    }

    @Test
    void elevenWithANarrowGapIsTwoDigits() {
        byte[] eleven = strokes(280, 280, new int[] {110, 40, 106, 240}, new int[] {136, 40, 132, 240});
        List<DigitInput> digits = digits(eleven);
        assertEquals(2, digits.size());
        assertTrue(digits.get(0).box().x() < digits.get(1).box().x(), "left to right");
    }

    /** A scanned 1 can be a hairline beside a bold digit, with a tenth of its ink or less. */
    @Test
    void aThinOneBesideABoldEightIsTwoDigits() {
        assertEquals(2, digitsDrawnBy(g -> {
            g.setStroke(new BasicStroke(3));
            g.drawLine(100, 40, 98, 240);
            g.setStroke(new BasicStroke(BRUSH));
            g.drawOval(155, 40, 90, 90);
            g.drawOval(150, 130, 100, 110);
        }));
    }

    /** Two dabs one above the other span a digit's height, but they are no thin 1. */
    @Test
    void dabsAboveAndBelowBesideADigitArePiecesOfIt() {
        assertEquals(1, digitsDrawnBy(g -> {
            g.setStroke(new BasicStroke(BRUSH));
            g.drawOval(150, 40, 100, 200);
            g.fillRect(266, 40, 18, 18);
            g.fillRect(268, 222, 18, 18);
        }));
    }

    @Test
    void digitsAreReadLeftToRightWithTheirBoxes() {
        byte[] drawing = strokes(560, 280, new int[] {400, 60, 400, 220}, new int[] {60, 60, 60, 220}, new int[] {
            200, 80, 260, 60, 280, 120, 200, 220, 290, 220
        });
        List<DigitInput> digits = digits(drawing);
        assertEquals(3, digits.size());
        DigitBox first = digits.get(0).box();
        assertTrue(Math.abs(first.x() - (60 - BRUSH / 2)) <= 2, "box " + first);
        assertTrue(Math.abs(first.height() - (160 + BRUSH)) <= 2, "box " + first);
        assertTrue(digits.get(1).box().x() > first.x()
                && digits.get(2).box().x() > digits.get(1).box().x());
    }

    @Test
    void noiseSpecksAreDropped() {
        BufferedImage canvas = new BufferedImage(560, 280, BufferedImage.TYPE_INT_ARGB);
        BufferedImage clean = new BufferedImage(560, 280, BufferedImage.TYPE_INT_ARGB);
        for (BufferedImage image : List.of(canvas, clean)) {
            Graphics2D g = image.createGraphics();
            g.setColor(Color.BLACK);
            g.fillRect(150, 40, 20, 200);
            g.fillRect(350, 40, 20, 200);
            g.dispose();
        }
        Graphics2D g = canvas.createGraphics();
        g.setColor(Color.BLACK);
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 40; ) {
            int x = random.nextInt(0, 557);
            int y = random.nextInt(0, 277);
            boolean touches = (Math.abs(x - 158) < 20 || Math.abs(x - 358) < 20) && y > 30 && y < 250;
            if (!touches) {
                g.fillRect(x, y, 3, 3);
                n++;
            }
        }
        g.dispose();
        List<DigitInput> noisy = digits(Images.encode(canvas, "png"));
        List<DigitInput> expected = digits(Images.encode(clean, "png"));
        assertEquals(2, noisy.size());
        for (int d = 0; d < expected.size(); d++) {
            assertArrayEquals(expected.get(d).pixels(), noisy.get(d).pixels(), "digit " + d);
        }
    }

    @Test
    void specksBesideOneDigitAreNoDigits() {
        BufferedImage canvas = new BufferedImage(560, 280, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(250, 40, 20, 200);
        g.fillRect(40, 30, 3, 3);
        g.fillRect(500, 250, 2, 2);
        g.dispose();
        assertEquals(1, digits(Images.encode(canvas, "png")).size());
    }

    /** MNIST test digits drawn as a canvas hands them over, both styles. */
    private static List<byte[]> canvasDigits(int perStyle) {
        Mnist test = Mnist.testSplit();
        SplittableRandom random = new SplittableRandom(11);
        List<byte[]> drawings = new ArrayList<>();
        for (CanvasRenderer.Style style : CanvasRenderer.Style.values()) {
            for (int n = 0; n < perStyle; n++) {
                drawings.add(Images.encode(
                        CanvasRenderer.render(test.image(random.nextInt(test.size())), style, random), "png"));
            }
        }
        return drawings;
    }

    @Test
    void aSingleDigitIsFramedExactlyAsPredictFramesIt() {
        for (byte[] png : canvasDigits(50)) {
            List<DigitInput> digits = digits(png);
            if (digits.size() == 1) {
                assertArrayEquals(
                        PREPROCESSOR.toModelInput(png).pixels(), digits.get(0).pixels());
            }
        }
    }

    /** MNIST has a few digits with stray strokes beside them, which read as a second digit. */
    @Test
    void nearlyEveryMnistDigitIsFoundAsOneDigit() {
        List<byte[]> drawings = canvasDigits(200);
        long single = drawings.stream().filter(png -> digits(png).size() == 1).count();
        assertTrue(single >= 0.99 * drawings.size(), single + " of " + drawings.size());
    }

    @Test
    void anOpaqueScanOfOneDigitIsFramedExactlyAsPredictFramesIt() {
        BufferedImage scan = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scan.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 300, 200);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(10));
        g.drawOval(120, 40, 60, 120);
        g.dispose();
        byte[] png = Images.encode(scan, "png");
        assertArrayEquals(
                PREPROCESSOR.toModelInput(png).pixels(), digits(png).get(0).pixels());
    }

    @Test
    void moreDigitsThanTheLimitAreRefused() {
        int[][] ones = new int[33][];
        for (int n = 0; n < ones.length; n++) {
            ones[n] = new int[] {20 + 30 * n, 40, 20 + 30 * n, 200};
        }
        ImageRejected e = assertThrows(ImageRejected.class, () -> digits(strokes(1020, 280, ones)));
        assertEquals(ImageRejected.Reason.TOO_MANY_DIGITS, e.reason());
    }

    @Test
    void tenThousandSpecksAreRefusedAsTooMany() {
        BufferedImage canvas = new BufferedImage(500, 500, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                canvas.setRGB(5 * x + 2, 5 * y + 2, 0xFF000000);
            }
        }
        ImageRejected e = assertThrows(ImageRejected.class, () -> digits(Images.encode(canvas, "png")));
        assertEquals(ImageRejected.Reason.TOO_MANY_DIGITS, e.reason());
    }

    @Test
    void digitsOverlappingAlongTheLineAreRefused() {
        byte[] zeros = strokes(
                560,
                280,
                new int[] {40, 140, 120, 60, 200, 140, 120, 220, 40, 140},
                new int[] {140, 140, 220, 60, 300, 140, 220, 220, 140, 140},
                new int[] {240, 140, 320, 60, 400, 140, 320, 220, 240, 140});
        ImageRejected e = assertThrows(ImageRejected.class, () -> digits(zeros));
        assertEquals(ImageRejected.Reason.DIGITS_TOUCH, e.reason());
    }

    @Test
    void anEmptyCanvasIsRefused() {
        ImageRejected e = assertThrows(ImageRejected.class, () -> digits(strokes(560, 280)));
        assertEquals(ImageRejected.Reason.EMPTY, e.reason());
    }
}
