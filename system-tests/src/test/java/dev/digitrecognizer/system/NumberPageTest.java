package dev.digitrecognizer.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The page's Number mode in real headless Chromium: a number drawn on the wide pad is read, digit by digit. */
@ExtendWith(RunningSystem.class)
class NumberPageTest {
    /** The Number pad's bitmap width; its height is 280, as the digit pad's. */
    private static final double PAD_WIDTH = 840;

    private static ChromeDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void openBrowser() throws IOException {
        driver = Browser.start(1280, 1000);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    @AfterAll
    static void closeBrowser() {
        driver.quit();
    }

    /** Draws one stroke through points given on the 840x280 bitmap, whatever size the pad is shown at. */
    private static void stroke(double[]... points) {
        WebElement pad = driver.findElement(By.id("number-pad"));
        Rectangle box = pad.getRect();
        double scale = box.getWidth() / PAD_WIDTH;
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

    /** Selenium offsets are from the element's centre. */
    private static int offset(double coordinate, double scale, int size) {
        return (int) Math.round(coordinate * scale - size / 2.0);
    }

    private static void drawZero(double centre) {
        double[][] points = new double[25][];
        for (int i = 0; i < points.length; i++) {
            double angle = 2 * Math.PI * i / (points.length - 1);
            points[i] = new double[] {centre + 55 * Math.sin(angle), 140 - 90 * Math.cos(angle)};
        }
        stroke(points);
    }

    @Test
    void readsADrawnOneSevenZeroWithABoxOverEachDigit() {
        driver.get(RunningSystem.get().url() + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("mode-number")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("number-pad")));
        stroke(new double[] {150, 50}, new double[] {150, 230});
        stroke(new double[] {300, 60}, new double[] {440, 60}, new double[] {350, 230});
        drawZero(610);
        driver.findElement(By.id("number-read")).click();
        String number = wait.until(d -> {
            WebElement shown = d.findElement(By.id("number"));
            return shown.isDisplayed() && shown.getText().length() == 3 ? shown.getText() : null;
        });
        assertEquals("170", number);
        List<WebElement> boxes = driver.findElements(By.cssSelector("#number-boxes .digit-box"));
        assertEquals(3, boxes.size(), "a box over each digit");
        assertTrue(boxes.get(0).getRect().getX() < boxes.get(1).getRect().getX(), "boxes go left to right");
        assertEquals(
                3,
                driver.findElements(By.cssSelector("#number-digits .number-digit img"))
                        .size());
        driver.findElements(By.cssSelector("#number-digits .number-digit"))
                .get(1)
                .click();
        assertEquals(
                10, driver.findElements(By.cssSelector("#number-bars .bar")).size());
        assertEquals(
                "7",
                driver.findElement(By.cssSelector("#number-bars .bar-row.is-top"))
                        .getAttribute("data-digit"));
        assertTrue(driver.findElement(By.id("number-status")).getText().contains("170"), "the number is announced");
    }
}
