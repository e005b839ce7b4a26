package dev.digitrecognizer.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.fixtures.CanvasRenderer;
import dev.digitrecognizer.fixtures.Images;
import dev.digitrecognizer.fixtures.ServedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The drawing page in real headless Chromium, against the system as run.sh serves it. */
@ExtendWith(RunningSystem.class)
class DrawingPageTest {
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
        driver.get(RunningSystem.get().url() + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pad")));
    }

    /** The model select once the page has the list of served models (aria-busy goes back to false). */
    private static Select modelsLoaded() {
        wait.until(ExpectedConditions.attributeToBe(By.id("model"), "aria-busy", "false"));
        return new Select(driver.findElement(By.id("model")));
    }

    private static void drawOne() {
        Pad.digit(driver).one(140);
    }

    private static void drawSeven() {
        Pad.digit(driver).seven(70);
    }

    private static void drawZero() {
        Pad.digit(driver).zero(140, 60, 95);
    }

    @Test
    void predictsADrawnOneSevenAndZero() {
        drawOne();
        assertEquals("1", Shown.digit(wait));
        driver.findElement(By.id("clear")).click();
        drawSeven();
        assertEquals("7", Shown.digit(wait));
        driver.findElement(By.id("clear")).click();
        drawZero();
        assertEquals("0", Shown.digit(wait));
        assertTrue(
                driver.findElement(By.id("seen")).getAttribute("src").startsWith("data:image/png;base64,"),
                "the page shows the 28x28 image the model saw");
        assertEquals(10, driver.findElements(By.cssSelector("#bars .bar")).size());
        assertTrue(driver.findElement(By.id("status")).getText().contains("0"), "the answer is announced");
    }

    @Test
    void saysKindlyThatAStarIsNotADigit() throws IOException {
        Pad.digit(driver).star(140);
        assertEquals("?", Shown.digit(wait));
        assertTrue(driver.findElement(By.id("verdict")).isDisplayed(), "the verdict is shown");
        assertTrue(driver.findElement(By.id("verdict")).getText().startsWith("That doesn't look like a digit"));
        assertEquals("", driver.findElement(By.id("confidence")).getText(), "no confidence for a digit it is not");
        assertTrue(driver.findElement(By.id("status")).getText().contains("doesn't look like a digit"));
        assertTrue(Files.size(Browser.screenshot(driver, "not-a-digit")) > 10_000);
        driver.findElement(By.id("clear")).click();
        drawSeven();
        assertEquals("7", Shown.digit(wait));
        assertFalse(driver.findElement(By.id("verdict")).isDisplayed(), "a digit has no such verdict");
    }

    @Test
    void undoRemovesTheLastStroke() {
        drawOne();
        assertEquals("1", Shown.digit(wait));
        Pad.digit(driver).stroke(new double[] {60, 40}, new double[] {220, 40});
        driver.findElement(By.id("undo")).click();
        driver.findElement(By.id("predict")).click();
        assertEquals("1", Shown.digit(wait));
    }

    @Test
    void clearEmptiesTheCanvasAndTheAnswer() {
        drawSeven();
        Shown.digit(wait);
        driver.findElement(By.id("clear")).click();
        Long inked = (Long) driver.executeScript(
                "const c = document.getElementById('pad'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;");
        assertEquals(0L, inked, "no inked pixels left");
        assertFalse(driver.findElement(By.id("result")).isDisplayed(), "no answer left on screen");
    }

    @Test
    void predictsAnUploadedPng() throws IOException {
        Path png = Files.createTempFile("digit", ".png");
        Files.write(
                png,
                Images.encode(
                        CanvasRenderer.render(
                                Api.mnist().image(0), CanvasRenderer.Style.SCALED_GLYPH, new SplittableRandom(3)),
                        "png"));
        driver.findElement(By.id("upload")).sendKeys(png.toString());
        assertEquals(String.valueOf(Api.mnist().labels()[0]), Shown.digit(wait));
    }

    @Test
    void compareShowsEveryServedModel() {
        List<String> models = ServedModels.digitModels();
        driver.findElement(By.id("compare")).click();
        drawSeven();
        List<WebElement> cards = wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#compare-results .compare-card"));
            return found.size() == models.size()
                            && found.stream()
                                    .allMatch(c -> !c.findElement(By.cssSelector(".digit"))
                                            .getText()
                                            .isBlank())
                    ? found
                    : null;
        });
        assertEquals(
                models, cards.stream().map(c -> c.getAttribute("data-model")).toList());
        for (WebElement card : cards) {
            assertEquals("7", card.findElement(By.cssSelector(".digit")).getText(), card.getAttribute("data-model"));
        }
    }

    @Test
    void anApiErrorReachesTheUserInPlainWords() throws IOException {
        driver.findElement(By.id("predict")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertTrue(error.getText().toLowerCase().contains("draw"), error.getText());

        Path notAnImage = Files.createTempFile("notes", ".png");
        Files.writeString(notAnImage, "this is not a picture");
        driver.findElement(By.id("upload")).sendKeys(notAnImage.toString());
        wait.until(d -> d.findElement(By.id("error")).getText().toLowerCase().contains("image"));
    }

    @Test
    void modelSelectOffersEveryServedModelInOrder() {
        Select select = modelsLoaded();
        assertEquals(
                ServedModels.digitModels(),
                select.getOptions().stream()
                        .map(option -> option.getAttribute("value"))
                        .toList());
    }

    @Test
    void modelPanelShowsEachModelsAccuracy() {
        int models = ServedModels.digitModels().size();
        List<WebElement> cards = wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#models .model-card"));
            return found.size() == models ? found : null;
        });
        for (WebElement card : cards) {
            assertTrue(card.getText().contains("%"), card.getText());
        }
    }

    @Test
    void screenshotsInLightAndDarkThemeAfterAPrediction() throws IOException {
        modelsLoaded().selectByValue(ServedModels.digitModels().get(0));
        drawSeven();
        assertEquals("7", Shown.digit(wait));
        assertTrue(Files.size(Browser.screenshot(driver, "light")) > 10_000);
        Browser.colourScheme(driver, "dark");
        assertTrue(Files.size(Browser.screenshot(driver, "dark")) > 10_000);
        driver.manage().window().setSize(new Dimension(390, 844));
        assertTrue(Files.size(Browser.screenshot(driver, "phone")) > 5_000);
        driver.manage().window().setSize(new Dimension(1280, 1000));
    }
}
