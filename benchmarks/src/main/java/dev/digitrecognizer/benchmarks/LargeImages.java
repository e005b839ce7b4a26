package dev.digitrecognizer.benchmarks;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.PngFiles;
import dev.digitrecognizer.mnist.Mnist;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/**
 * The large requests: MNIST test digit 0 drawn with a round brush, as a phone photo of paper
 * (4000x3000 JPEG: uneven light, sensor noise, the digit 90% of the height) and as a 4096x4096 RGBA
 * canvas PNG, written by ImageIO (every row unfiltered) or with every PNG filter in turn.
 */
final class LargeImages {
    static final int PHOTO_WIDTH = 4000;
    static final int PHOTO_HEIGHT = 3000;
    static final int CANVAS = 4096;

    private LargeImages() {}

    private static BufferedImage drawing() {
        return CanvasRenderer.render(
                Mnist.testSplit().image(0), CanvasRenderer.Style.ROUND_BRUSH, new SplittableRandom(1));
    }

    static byte[] photoJpeg() {
        BufferedImage photo = new BufferedImage(PHOTO_WIDTH, PHOTO_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setPaint(
                new GradientPaint(0, 0, new Color(225, 220, 205), PHOTO_WIDTH, PHOTO_HEIGHT, new Color(170, 165, 150)));
        g.fillRect(0, 0, PHOTO_WIDTH, PHOTO_HEIGHT);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int side = PHOTO_HEIGHT * 9 / 10;
        g.drawImage(drawing(), (PHOTO_WIDTH - side) / 2, (PHOTO_HEIGHT - side) / 2, side, side, null);
        g.dispose();
        int[] pixels = ((DataBufferInt) photo.getRaster().getDataBuffer()).getData();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < pixels.length; i++) {
            int noise = random.nextInt(-6, 7);
            int p = pixels[i];
            pixels[i] = clamp((p >> 16 & 0xFF) + noise) << 16
                    | clamp((p >> 8 & 0xFF) + noise) << 8
                    | clamp((p & 0xFF) + noise);
        }
        return Images.encode(photo, "jpeg");
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static BufferedImage canvas() {
        BufferedImage canvas = new BufferedImage(CANVAS, CANVAS, BufferedImage.TYPE_4BYTE_ABGR);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(drawing(), 0, 0, CANVAS, CANVAS, null);
        g.dispose();
        return canvas;
    }

    static byte[] canvasPng() {
        return Images.encode(canvas(), "png");
    }

    /** The same canvas with the rows filtered None, Sub, Up, Average and Paeth in turn, as encoders that filter do. */
    static byte[] filteredCanvasPng() {
        byte[] abgr = ((DataBufferByte) canvas().getRaster().getDataBuffer()).getData();
        byte[] rgba = new byte[abgr.length];
        for (int i = 0; i < abgr.length; i += 4) {
            rgba[i] = abgr[i + 3];
            rgba[i + 1] = abgr[i + 2];
            rgba[i + 2] = abgr[i + 1];
            rgba[i + 3] = abgr[i];
        }
        return PngFiles.filtered(rgba, CANVAS, CANVAS, 4);
    }
}
