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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The page's Number mode in real headless Chromium: a number drawn on the wide pad is read, digit by digit. */
@ExtendWith(RunningSystem.class)
class NumberPageTest {
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

    @Test
    void readsADrawnOneSevenZeroWithABoxOverEachDigit() {
        driver.get(RunningSystem.get().url() + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("mode-number")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("number-pad")));
        Pad pad = Pad.number(driver);
        pad.stroke(new double[] {150, 50}, new double[] {150, 230});
        pad.stroke(new double[] {300, 60}, new double[] {440, 60}, new double[] {350, 230});
        pad.zero(610, 55, 90);
        driver.findElement(By.id("number-read")).click();
        assertEquals("170", Shown.number(wait, 3));
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
