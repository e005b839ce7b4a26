package dev.digitrecognizer.trainer.synth;

import dev.digitrecognizer.preprocessing.DecodedImage;
import dev.digitrecognizer.preprocessing.ImageRejected;
import dev.digitrecognizer.preprocessing.Preprocessor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * A small opaque canvas, white with black ink, framed into 28x28 by the gateway's own
 * preprocessing ({@link Preprocessor#frame}), so that what the trainer draws reaches the network
 * exactly as a drawing sent to the service would.
 */
final class Sketch implements AutoCloseable {
    static final int SIDE = 128;

    private final BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_3BYTE_BGR);
    final Graphics2D g = image.createGraphics();

    Sketch() {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, SIDE, SIDE);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    /** A round pen {@code width} canvas pixels wide. */
    void pen(double width) {
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }

    /** The drawing as the gateway frames it; null when the gateway would find no ink in it. */
    float[] framed() {
        byte[] samples = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        boolean inked = false;
        for (byte sample : samples) {
            if ((sample & 0xFF) < 200) {
                inked = true;
                break;
            }
        }
        if (!inked) {
            return null;
        }
        try {
            return Preprocessor.frame(new DecodedImage(samples, 0, SIDE * 3, 3, SIDE, SIDE));
        } catch (ImageRejected faint) {
            return null;
        }
    }

    @Override
    public void close() {
        g.dispose();
    }
}
