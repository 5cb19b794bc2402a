package org.haven.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Real headless Chromium for browser tests, from the Debian packages ({@code apt-get install chromium
 * chromium-driver}); nothing is downloaded. Each driver gets a fresh profile, deleted when the JVM exits.
 */
public final class Chromium {

    private static final String BINARY = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Chromium() {
    }

    /** @param javascriptEnabled false to check the no-JavaScript path every reporter page must support */
    public static ChromeDriver start(boolean javascriptEnabled) {
        Path profile = freshProfile();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // the tests run as root in a container
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=412,915", // a common phone viewport: reporters mostly use phones
                "--user-data-dir=" + profile);
        // Keep the console, so a failing test can say what the page's JavaScript complained about.
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        if (!javascriptEnabled) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
        return driver;
    }

    /** The browser console so far, one entry a line, for failure messages. */
    public static String console(WebDriver driver) {
        StringBuilder out = new StringBuilder();
        driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                .forEach(entry -> out.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n'));
        return out.toString();
    }

    /** Keeps what the browser showed as test output: {@code target/screenshots/<name>.png}. */
    public static void screenshot(WebDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code click} (which should start a download) and returns the file the browser saved as {@code name},
     * or empty if none appeared within {@code wait}; the download directory is deleted afterwards.
     */
    public static java.util.Optional<byte[]> download(ChromeDriver driver, Runnable click, String name, Duration wait) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("haven-downloads-");
            driver.executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", directory.toAbsolutePath().toString()));
            click.run();
            Path file = directory.resolve(name);
            java.time.Instant until = java.time.Instant.now().plus(wait);
            // Chromium writes to a .crdownload file and renames it when the download is complete.
            while (!Files.exists(file) && java.time.Instant.now().isBefore(until)) {
                Thread.sleep(100);
            }
            return Files.exists(file) ? java.util.Optional.of(Files.readAllBytes(file)) : java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (directory != null) {
                deleteTree(directory);
            }
        }
    }

    private static Path freshProfile() {
        try {
            Path profile = Files.createTempDirectory("haven-chromium-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(profile)));
            return profile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover temp profile is harmless.
        }
    }
}
