package dev.spanrel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spanrel.infer.Extractor;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The served page in Debian's headless Chromium: paste, extract, see highlighted entities and relation arcs. */
class PageIT {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @Test
    void pageHighlightsEntitiesAndDrawsRelationArcs(@TempDir Path profile) throws Exception {
        // CI sets SPANREL_REQUIRE_IT so that a missing prerequisite fails there instead of skipping.
        if (System.getenv("SPANREL_REQUIRE_IT") != null) {
            assertThat(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute()).as("chromium and chromium-driver are not installed").isTrue();
        }
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(), "chromium and chromium-driver are not installed");
        try (Extractor extractor = Extractor.builder().setTagger(new GazetteerTagger()).build();
                ExtractionServer server = ExtractionServer.builder().setExtractor(extractor).optModelName("gazetteer")
                        .build().start("127.0.0.1", 0)) {
            ChromeOptions options = new ChromeOptions();
            // An explicit binary and driver keep Selenium from looking for (or downloading) a browser of its own.
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1200,800", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            try {
                driver.get("http://127.0.0.1:" + server.port() + "/");
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
                wait.until(d -> !d.findElements(By.cssSelector("#legend .legend-item")).isEmpty());
                assertThat(driver.findElements(By.cssSelector("#legend .legend-item"))).extracting(WebElement::getText)
                        .containsExactly("Loc", "Org", "Peop", "Other");

                driver.findElement(By.id("text")).sendKeys(
                        "John Smith lives in Paris and works for Acme Corp. in New York.\n\nMary Jones moved to London.");
                driver.findElement(By.id("submit")).click();
                wait.until(d -> d.findElements(By.cssSelector("svg path.arc")).size() == 4);

                List<WebElement> entities = driver.findElements(By.cssSelector(".sentence .entity"));
                assertThat(entities).extracting(e -> e.getAttribute("data-type"))
                        .containsExactly("Peop", "Loc", "Org", "Loc", "Peop", "Loc");
                assertThat(entities.get(2).getText()).startsWith("Acme Corp.");
                assertThat(entities.get(0).getCssValue("background-color"))
                        .isNotEqualTo(entities.get(1).getCssValue("background-color"));
                assertThat(driver.findElements(By.cssSelector("svg text.arc-label"))).extracting(WebElement::getText)
                        .containsExactlyInAnyOrder("Live_In", "Work_For", "Live_In", "Live_In");
                assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("2 sentences, 6 entities, 4 relations");

                Path screenshot = Path.of("target", "page-screenshot.png");
                Files.createDirectories(screenshot.getParent());
                Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
                assertThat(Files.size(screenshot)).isPositive();

                // The address now names the text, and opening such a link extracts it straight away.
                String link = driver.getCurrentUrl();
                assertThat(link).contains("?text=John%20Smith%20lives%20in%20Paris");
                driver.get("http://127.0.0.1:" + server.port() + "/?text="
                        + URLEncoder.encode("Mary Jones moved to London.", StandardCharsets.UTF_8));
                wait.until(d -> d.findElement(By.id("status")).getText().equals("1 sentences, 2 entities, 1 relations"));
                assertThat(driver.findElement(By.id("text")).getAttribute("value")).isEqualTo("Mary Jones moved to London.");
                assertThat(driver.findElements(By.cssSelector("svg text.arc-label"))).extracting(WebElement::getText)
                        .containsExactly("Live_In");
            } finally {
                driver.quit();
            }
        }
    }
}
