package dev.digitrecognizer.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Feedback from the page in real headless Chromium: a correction given with the mouse and the
 * keyboard reaches the gateway, which counts it in its Prometheus metrics.
 */
@ExtendWith(RunningSystem.class)
class FeedbackPageTest {
    /** The model the page asks when none is chosen. */
    private static final String MODEL = "cnn";

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

    @BeforeEach
    void openPage() {
        Browser.colourScheme(driver, "light");
        driver.manage().window().setSize(new Dimension(1280, 1000));
        driver.get(RunningSystem.get().url() + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pad")));
    }

    @Test
    void aDigitCorrectedToSevenIsThankedAndCountedInTheConfusionMatrix() {
        Pad.digit(driver).one(140);
        String predicted = Shown.digit(wait);
        assertEquals("1", predicted, "the models read the 1 drawn");
        Map<String, String> confusion = Map.of("model", MODEL, "predicted", predicted, "actual", "7");
        Map<String, String> wrong = Map.of("model", MODEL, "outcome", "wrong");
        String before = Metrics.scrape(RunningSystem.get().url());

        WebElement no = wait.until(ExpectedConditions.elementToBeClickable(By.id("feedback-no")));
        no.sendKeys(Keys.ENTER);
        assertEquals("true", no.getAttribute("aria-expanded"));
        assertEquals("0", active().getAttribute("data-label"), "the focus moves to the picker's first choice, the 0");
        driver.findElement(By.cssSelector("#feedback-picker .feedback-choice[data-label='7']"))
                .click();

        assertEquals("Thanks — noted as 7.", thanks("feedback-status"));
        assertFalse(driver.findElement(By.id("feedback-ask")).isDisplayed(), "the controls give way to the thanks");
        assertFalse(driver.findElement(By.id("feedback-picker")).isDisplayed());
        assertEquals("feedback-status", active().getAttribute("id"), "the focus moves to the thanks");
        counted(before, "gateway_feedback_confusion_total", confusion, 1);
        counted(before, "gateway_feedback_total", wrong, 1);
    }

    @Test
    void aNewAnswerBringsTheQuestionBack() {
        Pad.digit(driver).one(140);
        Shown.digit(wait);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("feedback-yes")))
                .click();
        thanks("feedback-status");
        Pad.digit(driver).stroke(new double[] {90, 60}, new double[] {190, 60});
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("feedback-yes")));
        assertEquals("", driver.findElement(By.id("feedback-status")).getText(), "no thanks for an answer not judged");
        assertFalse(driver.findElement(By.id("feedback-picker")).isDisplayed());
    }

    @Test
    void aNumberWithOneDigitCorrectedIsThankedAndCountedMarkByMark() {
        wait.until(ExpectedConditions.elementToBeClickable(By.id("mode-number")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("number-pad")));
        Pad pad = Pad.number(driver);
        pad.stroke(new double[] {150, 50}, new double[] {150, 230});
        pad.stroke(new double[] {300, 60}, new double[] {440, 60}, new double[] {350, 230});
        pad.zero(610, 55, 90);
        driver.findElement(By.id("number-read")).click();
        assertEquals("170", Shown.number(wait, 3));
        String before = Metrics.scrape(RunningSystem.get().url());

        wait.until(ExpectedConditions.elementToBeClickable(By.id("number-feedback-no")))
                .click();
        WebElement field = driver.findElement(By.id("number-correction"));
        assertEquals("number-correction", active().getAttribute("id"), "the focus moves to the number to correct");
        assertEquals("170", field.getAttribute("value"), "the field holds the number read");
        assertEquals("numeric", field.getAttribute("inputmode"));
        field.sendKeys(Keys.END, Keys.BACK_SPACE, "6");
        driver.findElement(By.id("number-feedback-send")).click();

        assertEquals("Thanks — noted as 176.", thanks("number-feedback-status"));
        assertFalse(driver.findElement(By.id("number-feedback-form")).isDisplayed());
        counted(before, "gateway_feedback_confusion_total", Map.of("model", MODEL, "predicted", "0", "actual", "6"), 1);
        counted(before, "gateway_feedback_total", Map.of("model", MODEL, "outcome", "wrong"), 1);
        counted(before, "gateway_feedback_total", Map.of("model", MODEL, "outcome", "right"), 2);
    }

    @Test
    void aNumberCorrectionThatIsNotDigitsIsRefusedInWordsBeforeAnythingIsSent() {
        wait.until(ExpectedConditions.elementToBeClickable(By.id("mode-number")))
                .click();
        Pad.number(driver).stroke(new double[] {150, 50}, new double[] {150, 230});
        driver.findElement(By.id("number-read")).click();
        Shown.number(wait, 1);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("number-feedback-no")))
                .click();
        WebElement field = driver.findElement(By.id("number-correction"));
        field.sendKeys("x", Keys.ENTER);
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("number-correction-error")));
        assertEquals("Use only the digits 0 to 9.", error.getText());
        assertEquals("true", field.getAttribute("aria-invalid"));
        assertEquals("", driver.findElement(By.id("number-feedback-status")).getText(), "nothing was sent");
    }

    @Test
    void screenshotsOfThePickerAndTheThanksInLightAndDarkOnADeskAndAPhone() throws IOException {
        Pad.digit(driver).one(140);
        Shown.digit(wait);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("feedback-no")))
                .click();
        for (String scheme : new String[] {"light", "dark"}) {
            Browser.colourScheme(driver, scheme);
            driver.manage().window().setSize(new Dimension(1280, 1000));
            centre("feedback");
            assertTrue(Files.size(Browser.screenshot(driver, "feedback-picker-" + scheme)) > 10_000);
            driver.manage().window().setSize(new Dimension(375, 812));
            centre("feedback");
            for (WebElement button : driver.findElements(By.cssSelector("#feedback button"))) {
                if (button.isDisplayed()) {
                    assertTrue(
                            button.getSize().getWidth() >= 44
                                    && button.getSize().getHeight() >= 44,
                            button.getText() + " is a 44x44 touch target: " + button.getSize());
                }
            }
            assertTrue(Files.size(Browser.screenshot(driver, "feedback-picker-phone-" + scheme)) > 5_000);
        }
        driver.findElement(By.cssSelector("#feedback-picker .feedback-choice[data-label='1']"))
                .click();
        thanks("feedback-status");
        assertTrue(Files.size(Browser.screenshot(driver, "feedback-thanks-phone-dark")) > 5_000);
    }

    /** The feedback status once it is no longer "Sending…"; a problem fails the test with its words. */
    private static String thanks(String status) {
        String text = wait.until(d -> {
            WebElement shown = d.findElement(By.id(status));
            String said = shown.getText();
            return said.isBlank() || said.startsWith("Sending") ? null : said;
        });
        assertFalse(
                driver.findElement(By.id(status)).getAttribute("class").contains("is-problem"),
                "feedback failed: " + text);
        return text;
    }

    /** Waits until the gateway's counter has grown by {@code by} since {@code before}. */
    private static void counted(String before, String name, Map<String, String> labels, double by) {
        double from = Metrics.sum(before, name, labels);
        double[] now = {from};
        try {
            wait.withTimeout(Duration.ofSeconds(10)).until(d -> {
                now[0] = Metrics.sum(Metrics.scrape(RunningSystem.get().url()), name, labels);
                return now[0] >= from + by;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            // reported below with the figures
        } finally {
            wait.withTimeout(Duration.ofSeconds(20));
        }
        assertEquals(from + by, now[0], name + labels + " from " + from);
    }

    private static WebElement active() {
        return driver.switchTo().activeElement();
    }

    private static void centre(String id) {
        driver.executeScript("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", id);
    }
}
