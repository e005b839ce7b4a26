package dev.digitrecognizer.trainer.synth;

import dev.digitrecognizer.mnist.InkBox;
import dev.digitrecognizer.mnist.PenLines;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.util.SplittableRandom;

/**
 * An MNIST digit redrawn along its {@link PenLines} with a pen unlike the round one of the stroke
 * augmentation, as styluses and drawing apps draw: an oval nib held at an angle, a pen whose width
 * follows the pressure, a hand that trembles, or several of these at once.
 */
final class Brushes {
    private static final double HEIGHT = 96;

    private Brushes() {}

    /** The redrawn digit as the gateway frames it; null if it has no lines. */
    static float[] draw(float[] digit, SplittableRandom random) {
        PenLines lines = PenLines.of(digit);
        if (lines.isEmpty()) {
            return null;
        }
        InkBox box = lines.box();
        double scale = HEIGHT / box.height();
        double left = (Sketch.SIDE - box.width() * scale) / 2;
        double top = (Sketch.SIDE - HEIGHT) / 2;
        double width = random.nextDouble(0.05, 0.2) * HEIGHT;
        boolean oval = random.nextBoolean();
        double aspect = oval ? random.nextDouble(0.15, 0.6) : 1;
        double angle = random.nextDouble(0, Math.PI);
        boolean pressure = random.nextBoolean();
        double tremor = random.nextInt(3) == 0 ? random.nextDouble(0.3, 1.5) * scale / 4 : 0;
        double[] wave = new double[6];
        for (int i = 0; i < wave.length; i++) {
            wave[i] = random.nextDouble(0.1, 0.6);
        }
        try (Sketch sketch = new Sketch()) {
            for (int i = 0; i < lines.lines().length; i += 2) {
                double px = lines.lines()[i];
                double py = lines.lines()[i + 1];
                double size =
                        pressure ? width * (0.45 + 0.55 * (1 + Math.sin(wave[0] * px + wave[1] * py)) / 2) : width;
                double x = left + px * scale + tremor * Math.sin(wave[2] * py * 3 + wave[3]);
                double y = top + py * scale + tremor * Math.cos(wave[4] * px * 3 + wave[5]);
                Shape nib = new Ellipse2D.Double(-size / 2, -size * aspect / 2, size, size * aspect);
                AffineTransform at = AffineTransform.getTranslateInstance(x, y);
                at.rotate(angle);
                sketch.g.fill(at.createTransformedShape(nib));
            }
            double solid = PenLines.solidWidth(width, scale);
            for (int i = 0; i < lines.solid().length; i += 2) {
                double x = left + lines.solid()[i] * scale;
                double y = top + lines.solid()[i + 1] * scale;
                sketch.g.fill(new Ellipse2D.Double(x - solid / 2, y - solid / 2, solid, solid));
            }
            return sketch.framed();
        }
    }
}
