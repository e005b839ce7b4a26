package dev.digitrecognizer.trainer.synth;

import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.util.SplittableRandom;

/**
 * Text set in a font as someone might type or paste it: any size, slanted or turned a little,
 * sometimes bolder, then framed as the gateway frames a drawing.
 */
final class Glyphs {
    private static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);

    private Glyphs() {}

    /** {@code text} in {@code font}, turned up to {@code maxDegrees}; null if the font draws nothing. */
    static float[] draw(String text, Font font, double maxDegrees, SplittableRandom random) {
        GlyphVector glyphs = font.deriveFont(100f).createGlyphVector(CONTEXT, text);
        Shape outline = glyphs.getOutline();
        Rectangle2D bounds = outline.getBounds2D();
        if (bounds.isEmpty()) {
            return null;
        }
        AffineTransform shape = new AffineTransform();
        shape.rotate(Math.toRadians(random.nextDouble(-maxDegrees, maxDegrees)));
        shape.shear(random.nextDouble(-0.25, 0.25), 0);
        shape.scale(random.nextDouble(0.85, 1.15), 1);
        Shape turned = shape.createTransformedShape(outline);
        Rectangle2D box = turned.getBounds2D();
        double margin = 12;
        double scale = (Sketch.SIDE - 2 * margin) / Math.max(box.getWidth(), box.getHeight());
        AffineTransform place = new AffineTransform();
        place.translate(margin, margin);
        place.scale(scale, scale);
        place.translate(-box.getX(), -box.getY());
        Shape placed = place.createTransformedShape(turned);
        try (Sketch sketch = new Sketch()) {
            sketch.g.fill(placed);
            if (random.nextInt(4) == 0) {
                sketch.pen(random.nextDouble(1, 6));
                sketch.g.draw(placed);
            }
            return sketch.framed();
        }
    }
}
