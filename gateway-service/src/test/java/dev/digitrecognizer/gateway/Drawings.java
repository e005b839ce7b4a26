package dev.digitrecognizer.gateway;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Simple drawings for the API tests. */
public final class Drawings {
    private Drawings() {}

    /** A transparent 280x280 canvas with one black vertical bar: a "1". */
    public static BufferedImage bar() {
        BufferedImage image = new BufferedImage(280, 280, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(130, 40, 20, 200);
        g.dispose();
        return image;
    }
}
