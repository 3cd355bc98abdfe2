package dev.osmosis.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The headless Chromium the browser tests drive ({@code BrowserIT}, {@code ClusterIT}): Debian's
 * /usr/bin/chromium (or {@code -Dosmosis.chromium=}) through Playwright for Java, which never
 * downloads a browser here ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD} in the pom).
 */
public final class Chromium {
  public static final Path EXECUTABLE =
      Paths.get(System.getProperty("osmosis.chromium", "/usr/bin/chromium"));

  private Chromium() {}

  /** Launches it headless, or fails saying how to install it. */
  public static Browser launch(Playwright playwright) {
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new IllegalStateException(
          EXECUTABLE + " is missing: apt-get install -y chromium (see .ci/run)");
    }
    return playwright
        .chromium()
        .launch(
            new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(
                    List.of(
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run")));
  }
}
