package dev.digitrecognizer.preprocessing;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.mnist.Mnist;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The canvas drawings the gateway's CanvasAccuracyTest sends: MNIST test digits on a 280x280
 * transparent canvas, half scaled glyphs and half round-brush strokes, from the same seed.
 */
final class CanvasDrawings {
    static final int PER_STYLE = 600;

    private CanvasDrawings() {}

    /** All the drawings, rendered once for every test that reads them. */
    private static List<BufferedImage> all;

    /** The first {@code perStyle} drawings of each style. */
    static List<BufferedImage> render(int perStyle) {
        List<BufferedImage> drawings = all();
        List<BufferedImage> first = new ArrayList<>(drawings.subList(0, perStyle));
        first.addAll(drawings.subList(PER_STYLE, PER_STYLE + perStyle));
        return first;
    }

    private static synchronized List<BufferedImage> all() {
        if (all == null) {
            Mnist test = Mnist.testSplit();
            SplittableRandom random = new SplittableRandom(2024);
            List<BufferedImage> drawings = new ArrayList<>();
            for (CanvasRenderer.Style style : CanvasRenderer.Style.values()) {
                for (int n = 0; n < PER_STYLE; n++) {
                    drawings.add(CanvasRenderer.render(test.image(random.nextInt(test.size())), style, random));
                }
            }
            all = List.copyOf(drawings);
        }
        return all;
    }

    /** The drawing on white paper, opaque: what a JPEG of it holds. */
    static BufferedImage onWhite(BufferedImage canvas) {
        BufferedImage paper = new BufferedImage(canvas.getWidth(), canvas.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = paper.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, paper.getWidth(), paper.getHeight());
        g.drawImage(canvas, 0, 0, null);
        g.dispose();
        return paper;
    }
}
