package dev.digitrecognizer.gateway;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
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

    /**
     * Draws the outline of a five-pointed star round ({@code x}, {@code y}) with a round pen 14 px
     * wide, its points {@code outer} px from the centre and its notches {@code inner}: a mark that
     * is not a digit.
     */
    public static void star(Graphics2D g, double x, double y, double outer, double inner) {
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(14, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D star = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double angle = Math.PI * i / 5;
            double radius = i % 2 == 0 ? outer : inner;
            if (i == 0) {
                star.moveTo(x, y - radius);
            } else {
                star.lineTo(x + radius * Math.sin(angle), y - radius * Math.cos(angle));
            }
        }
        star.closePath();
        g.draw(star);
    }
}
