package dev.digitrecognizer.system;

import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * One of the page's drawing pads, drawn on with the mouse through real pointer events, at points
 * given on its bitmap (280 px high; 280 wide for a digit, 840 for a number) whatever size it is shown at.
 */
record Pad(WebDriver driver, String id, double bitmapWidth) {
    static final double HEIGHT = 280;

    static Pad digit(WebDriver driver) {
        return new Pad(driver, "pad", 280);
    }

    static Pad number(WebDriver driver) {
        return new Pad(driver, "number-pad", 840);
    }

    /** Draws one stroke through the points. */
    void stroke(double[]... points) {
        WebElement pad = driver.findElement(By.id(id));
        Rectangle box = pad.getRect();
        double scale = box.getWidth() / bitmapWidth;
        Actions actions = new Actions(driver)
                .moveToElement(
                        pad, offset(points[0][0], scale, box.getWidth()), offset(points[0][1], scale, box.getHeight()))
                .clickAndHold();
        for (int i = 1; i < points.length; i++) {
            double[] from = points[i - 1];
            double[] to = points[i];
            for (int step = 1; step <= 6; step++) {
                double x = from[0] + (to[0] - from[0]) * step / 6;
                double y = from[1] + (to[1] - from[1]) * step / 6;
                actions.moveToElement(pad, offset(x, scale, box.getWidth()), offset(y, scale, box.getHeight()));
            }
        }
        actions.release().perform();
    }

    /** A 1 as a vertical bar centred at {@code x}. */
    void one(double x) {
        stroke(new double[] {x, 40}, new double[] {x, 240});
    }

    /** A 7 whose bar starts at {@code left}. */
    void seven(double left) {
        stroke(new double[] {left, 60}, new double[] {left + 140, 60}, new double[] {left + 50, 240});
    }

    /** A 0 as one closed oval round {@code centre}, {@code halfWidth} wide on each side. */
    void zero(double centre, double halfWidth, double halfHeight) {
        double[][] points = new double[25][];
        for (int i = 0; i < points.length; i++) {
            double angle = 2 * Math.PI * i / (points.length - 1);
            points[i] = new double[] {centre + halfWidth * Math.sin(angle), 140 - halfHeight * Math.cos(angle)};
        }
        stroke(points);
    }

    /** A five-pointed star's outline, in one stroke, round ({@code x}, 140). */
    void star(double x) {
        double[][] points = new double[11][];
        for (int i = 0; i < points.length; i++) {
            double angle = Math.PI * i / 5;
            double radius = i % 2 == 0 ? 100 : 40;
            points[i] = new double[] {x + radius * Math.sin(angle), 145 - radius * Math.cos(angle)};
        }
        stroke(points);
    }

    /** Selenium offsets are from the element's centre. */
    private static int offset(double coordinate, double scale, int size) {
        return (int) Math.round(coordinate * scale - size / 2.0);
    }
}
