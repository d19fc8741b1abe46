package dev.tessera.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium for one test, with a profile of its own (no cookies from another test), driven by Selenium.
 * Debian's {@code chromium} and {@code chromium-driver} by default; elsewhere, name the two executables with the system
 * properties {@code tessera.chromium} and {@code tessera.chromedriver}. Nothing downloads a browser.
 */
final class Chromium implements AutoCloseable {

    private static final Path BROWSER = Path.of(System.getProperty("tessera.chromium", "/usr/bin/chromium"));

    private static final Path DRIVER = Path.of(System.getProperty("tessera.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriverService service;

    private final WebDriver driver;

    private final Path profile;

    private Chromium(ChromeDriverService service, WebDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** A browser whose user prefers English (the page follows the browser's language). */
    static Chromium start() {
        return start("en-US");
    }

    /** A browser whose user prefers {@code language} (a BCP 47 tag): its UI language and Accept-Language. */
    static Chromium start(String language) {
        for (Path executable : new Path[] {BROWSER, DRIVER}) {
            if (!Files.isExecutable(executable)) {
                throw new IllegalStateException(executable + " not found: install Debian's packages chromium and"
                        + " chromium-driver (apt-get install chromium chromium-driver), or name the executables with"
                        + " -Dtessera.chromium=... -Dtessera.chromedriver=...");
            }
        }
        // One driver service per browser: quitting a ChromeDriver also stops the service it was started with.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            Path profile = Files.createTempDirectory("tessera-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BROWSER.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-quic",
                    "--disable-sync",
                    "--no-first-run",
                    "--window-size=1200,900",
                    "--lang=" + language,
                    "--user-data-dir=" + profile);
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
            return new Chromium(service, new ChromeDriver(service, options), profile);
        } catch (IOException ex) {
            service.stop();
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Fails unless fontconfig knows a font with Chinese glyphs: without one, screenshots of the Chinese page show
     * empty boxes and prove nothing. {@code .ci/run} installs Debian's {@code fonts-wqy-microhei}.
     */
    static void requireChineseFont() throws IOException, InterruptedException {
        Process list = new ProcessBuilder("fc-list", ":lang=zh")
                .redirectErrorStream(true)
                .start();
        String fonts = new String(list.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (list.waitFor() != 0 || fonts.isBlank()) {
            throw new IllegalStateException("no font with Chinese glyphs: install Debian's package fonts-wqy-microhei"
                    + " (apt-get install fonts-wqy-microhei) or any other Chinese font fontconfig finds");
        }
    }

    WebDriver driver() {
        return this.driver;
    }

    @Override
    public void close() {
        try {
            this.driver.quit();
        } finally {
            this.service.stop();
            try (Stream<Path> files = Files.walk(this.profile)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException ex) {
                // A temporary directory left behind is not worth failing a test for.
            }
        }
    }
}
