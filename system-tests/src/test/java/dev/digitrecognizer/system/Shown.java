package dev.digitrecognizer.system;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the page shows once it has answered, waited for as a person would look for it. */
final class Shown {
    private Shown() {}

    /** The digit the Digit mode shows, once the answer is in (the result panel no longer busy). */
    static String digit(WebDriverWait wait) {
        return wait.until(d -> {
            WebElement digit = d.findElement(By.id("digit"));
            boolean busy = "true".equals(d.findElement(By.id("result-panel")).getAttribute("aria-busy"));
            return !busy && digit.isDisplayed() && !digit.getText().isBlank() ? digit.getText() : null;
        });
    }

    /** The number the Number mode shows, once it has {@code digits} digits. */
    static String number(WebDriverWait wait, int digits) {
        return wait.until(d -> {
            WebElement shown = d.findElement(By.id("number"));
            return shown.isDisplayed() && shown.getText().length() == digits ? shown.getText() : null;
        });
    }
}
