package io.chroom.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium driven by Playwright, offline, with a fake camera and microphone, as
 * every browser test uses it; and the folder where their screenshots are kept.
 */
final class Chromium implements AutoCloseable {

    private static final List<String> ARGS =
            List.of(
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--use-fake-ui-for-media-stream",
                    "--use-fake-device-for-media-stream",
                    "--allow-loopback-in-peer-connection");

    static final Path SCREENSHOTS =
            Paths.get(System.getProperty("chroom.screenshots.dir", "target/screenshots"));

    private final Playwright playwright;

    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Chromium launch() {
        Playwright playwright =
                Playwright.create(
                        new Playwright.CreateOptions()
                                .setEnv(
                                        Map.of(
                                                "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1",
                                                "PLAYWRIGHT_NODEJS_PATH", "/usr/bin/node")));
        Browser browser =
                playwright
                        .chromium()
                        .launch(
                                new BrowserType.LaunchOptions()
                                        .setExecutablePath(Paths.get("/usr/bin/chromium"))
                                        .setHeadless(true)
                                        .setArgs(ARGS));
        return new Chromium(playwright, browser);
    }

    Browser browser() {
        return browser;
    }

    /** Keeps a screenshot of the whole page as {@code name.png} among the test artifacts. */
    static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(
                new Page.ScreenshotOptions()
                        .setPath(SCREENSHOTS.resolve(name + ".png"))
                        .setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
