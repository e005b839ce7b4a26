package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.mnist.Mnist;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/** The request every benchmark measures: MNIST test digit 0 drawn on a 280x280 canvas, as a PNG. */
final class Drawing {
    private static final int PHOTO_WIDTH = 4000;
    private static final int PHOTO_HEIGHT = 3000;

    private Drawing() {}

    static byte[] png() {
        return Images.encode(canvas(), "png");
    }

    /**
     * The same drawing as a phone would photograph it on paper: 4000x3000, dark ink about 2,000 px
     * tall on an unevenly lit sheet with sensor noise, as a JPEG.
     */
    static byte[] photoJpeg() {
        BufferedImage photo = new BufferedImage(PHOTO_WIDTH, PHOTO_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setPaint(
                new GradientPaint(0, 0, new Color(236, 232, 224), PHOTO_WIDTH, PHOTO_HEIGHT, new Color(196, 192, 186)));
        g.fillRect(0, 0, PHOTO_WIDTH, PHOTO_HEIGHT);
        BufferedImage canvas = canvas();
        BufferedImage ink = new BufferedImage(canvas.getWidth(), canvas.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < canvas.getHeight(); y++) {
            for (int x = 0; x < canvas.getWidth(); x++) {
                int alpha = canvas.getRGB(x, y) >>> 24;
                ink.setRGB(x, y, (alpha << 24) | 0x1a1a2a);
            }
        }
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int side = PHOTO_HEIGHT * 3 / 4;
        g.drawImage(ink, (PHOTO_WIDTH - side) / 2, (PHOTO_HEIGHT - side) / 2, side, side, null);
        g.dispose();
        SplittableRandom noise = new SplittableRandom(1);
        for (int y = 0; y < PHOTO_HEIGHT; y++) {
            for (int x = 0; x < PHOTO_WIDTH; x++) {
                int rgb = photo.getRGB(x, y);
                int shift = noise.nextInt(-6, 7);
                int r = clamp(((rgb >> 16) & 0xff) + shift);
                int gr = clamp(((rgb >> 8) & 0xff) + shift);
                int b = clamp((rgb & 0xff) + shift);
                photo.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return Images.encode(photo, "jpg");
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static BufferedImage canvas() {
        Mnist test = Mnist.testSplit();
        return CanvasRenderer.render(test.image(0), CanvasRenderer.Style.SCALED_GLYPH, new SplittableRandom(0));
    }
}
