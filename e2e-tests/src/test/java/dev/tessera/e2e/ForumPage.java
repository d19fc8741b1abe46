package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The forum page in one browser, as the browser scenarios drive it: open a screen and wait until it is drawn, wait
 * for what a person would wait for, take screenshots into {@code target/screenshots/} after checking that they show
 * the forum in the expected language ({@link #brand}).
 */
final class ForumPage {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final WebDriver browser;

    private final String base;

    private String brand;

    /**
     * @param base the gateway's origin, as "http://localhost:PORT" (browsers treat localhost as a secure context, so
     *     Secure cookies work over http)
     * @param brand the forum's name in the language the browser shows the page in
     */
    ForumPage(WebDriver browser, String base, String brand) {
        this.browser = browser;
        this.base = base;
        this.brand = brand;
    }

    /** The forum's name the next screenshots must show (after a switch of language). */
    void brand(String brand) {
        this.brand = brand;
    }

    void open(String fragment) {
        this.browser.get(this.base + "/" + fragment);
        new WebDriverWait(this.browser, WAIT)
                .until(driver -> driver.findElements(By.cssSelector("#view [data-i18n=loading]"))
                        .isEmpty());
    }

    /** Fills the login form on the screen and waits until the header names the user. */
    void logIn(String name, String password) {
        this.browser.findElement(By.name("username")).sendKeys(name);
        this.browser.findElement(By.name("password")).sendKeys(password);
        this.browser.findElement(By.cssSelector("#login-form button")).click();
        waitForText(By.id("whoami"), name);
    }

    /**
     * Logs in an account with a second factor: the password, then, on the second-factor form, the code {@code code}
     * gives once that form is shown (a code of the administrator's app may wait for its next time step).
     */
    void logInWithCode(String name, String password, Supplier<String> code) {
        this.browser.findElement(By.name("username")).sendKeys(name);
        this.browser.findElement(By.name("password")).sendKeys(password);
        this.browser.findElement(By.cssSelector("#login-form button")).click();
        interactable(By.cssSelector("#second-factor-form input")).sendKeys(code.get());
        this.browser
                .findElement(By.cssSelector("#second-factor-form button[type=submit]"))
                .click();
        waitForText(By.id("whoami"), name);
    }

    /** The element once it is shown and enabled: the page's script may show it a moment later on a slow machine. */
    WebElement interactable(By locator) {
        return new WebDriverWait(this.browser, WAIT).until(ExpectedConditions.elementToBeClickable(locator));
    }

    void waitForText(By locator, String text) {
        new WebDriverWait(this.browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    }

    String text(By locator) {
        return this.browser.findElement(locator).getText();
    }

    Object js(String script) {
        return ((JavascriptExecutor) this.browser).executeScript(script);
    }

    /** Saves a screenshot after checking that it shows the forum: its title and header, in the page's language. */
    void screenshot(String name) {
        assertThat(this.browser.getTitle()).endsWith(this.brand);
        assertThat(this.browser.findElement(By.cssSelector("header .brand")).getText())
                .isEqualTo(this.brand);
        assertThat(this.browser.findElement(By.id("view")).getText()).isNotBlank();
        Path file = ((TakesScreenshot) this.browser)
                .getScreenshotAs(OutputType.FILE)
                .toPath();
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
