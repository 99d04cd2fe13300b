package dev.spanrel.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.cli.GazetteerTagger;
import dev.spanrel.cli.NestedGazetteerTagger;
import dev.spanrel.infer.Extractor;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The served page in Debian's headless Chromium: paste, extract, see every entity underlined (nested and overlapping
 * ones in rows of their own) and every relation as an arc, and a status line that counts what the answer holds.
 */
class PageIT {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    /** Headless Chromium through chromedriver; skipped without them, except in CI, where that fails. */
    private static ChromeDriver browser(Path profile) {
        // CI sets SPANREL_REQUIRE_IT so that a missing prerequisite fails there instead of skipping.
        if (System.getenv("SPANREL_REQUIRE_IT") != null) {
            assertThat(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute()).as("chromium and chromium-driver are not installed").isTrue();
        }
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(), "chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions();
        // An explicit binary and driver keep Selenium from looking for (or downloading) a browser of its own.
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1200,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    void pageHighlightsEntitiesAndDrawsRelationArcs(@TempDir Path profile) throws Exception {
        try (Extractor extractor = Extractor.builder().setTagger(new GazetteerTagger()).build();
                ExtractionServer server = ExtractionServer.builder().setExtractor(extractor).optModelName("gazetteer")
                        .build().start("127.0.0.1", 0)) {
            ChromeDriver driver = browser(profile);
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
                assertThat(entities.get(2).getAttribute("data-text")).isEqualTo("Acme Corp.");
                assertThat(entities.get(0).getCssValue("border-top-color"))
                        .isNotEqualTo(entities.get(1).getCssValue("border-top-color"));
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
                wait.until(d -> d.findElement(By.id("status")).getText().equals("1 sentence, 2 entities, 1 relation"));
                assertThat(driver.findElement(By.id("text")).getAttribute("value")).isEqualTo("Mary Jones moved to London.");
                assertThat(driver.findElements(By.cssSelector("svg text.arc-label"))).extracting(WebElement::getText)
                        .containsExactly("Live_In");
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void nestedOverlappingAndSameSpanEntitiesAreAllDrawnAndCountedAsTheJsonHasThem(@TempDir Path profile) throws Exception {
        String text = "Ann Lee studied at the University of Paris and works in Washington. She visited New York University.";
        try (Extractor extractor = Extractor.builder().setTagger(new NestedGazetteerTagger()).build();
                ExtractionServer server = ExtractionServer.builder().setExtractor(extractor).optModelName("nested")
                        .build().start("127.0.0.1", 0)) {
            ChromeDriver driver = browser(profile);
            try {
                driver.get("http://127.0.0.1:" + server.port() + "/");
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
                wait.until(d -> !d.findElements(By.cssSelector("#legend .legend-item")).isEmpty());
                driver.findElement(By.id("text")).sendKeys(text);
                driver.findElement(By.id("submit")).click();
                wait.until(d -> d.findElement(By.id("status")).getText().startsWith("2 sentences"));

                JsonNode answer = new ObjectMapper().readTree(driver.findElement(By.id("json")).getAttribute("textContent"));
                List<WebElement> boxes = driver.findElements(By.cssSelector("#results .sentence"));
                assertThat(boxes).hasSize(answer.get("sentences").size());
                int entities = 0;
                int relations = 0;
                for (int s = 0; s < boxes.size(); s++) {
                    JsonNode sentence = answer.get("sentences").get(s);
                    List<String> types = new ArrayList<>();
                    sentence.get("entities").forEach(e -> types.add(e.get("type").asText() + " " + e.get("text").asText()));
                    assertThat(boxes.get(s).findElements(By.cssSelector(".entity")))
                            .extracting(e -> e.getAttribute("data-type") + " " + e.getAttribute("data-text"))
                            .as("sentence %d: every entity of the answer, in its order", s).containsExactlyElementsOf(types);
                    List<String> relationTypes = new ArrayList<>();
                    sentence.get("relations").forEach(r -> relationTypes.add(r.get("type").asText()));
                    assertThat(boxes.get(s).findElements(By.cssSelector("svg path.arc"))).extracting(e -> e.getAttribute("data-type"))
                            .as("sentence %d: every relation of the answer", s).containsExactlyInAnyOrderElementsOf(relationTypes);
                    entities += types.size();
                    relations += relationTypes.size();
                }
                assertThat(entities).isEqualTo(7);
                assertThat(relations).isEqualTo(5);
                assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("2 sentences, 7 entities, 5 relations");

                // Nested: Paris lies under University of Paris, in another row. Crossing: New York and York University
                // share a word and take two rows. Same span: Washington as Loc and as Org, one above the other.
                Rectangle university = bar(driver, "Org", "University of Paris");
                Rectangle paris = bar(driver, "Loc", "Paris");
                assertThat(paris.x).isGreaterThan(university.x);
                assertThat(paris.x + paris.width).isLessThanOrEqualTo(university.x + university.width);
                assertThat(paris.y).isNotEqualTo(university.y);
                Rectangle newYork = bar(driver, "Loc", "New York");
                Rectangle yorkUniversity = bar(driver, "Org", "York University");
                assertThat(yorkUniversity.x).isBetween(newYork.x + 1, newYork.x + newYork.width - 1);
                assertThat(yorkUniversity.y).isNotEqualTo(newYork.y);
                Rectangle washingtonLoc = bar(driver, "Loc", "Washington");
                Rectangle washingtonOrg = bar(driver, "Org", "Washington");
                assertThat(washingtonOrg.x).isEqualTo(washingtonLoc.x);
                assertThat(washingtonOrg.width).isEqualTo(washingtonLoc.width);
                assertThat(washingtonOrg.y).isNotEqualTo(washingtonLoc.y);

                Path screenshot = Path.of("..", "docs", "page-nested.png");
                Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
                assertThat(Files.size(screenshot)).isPositive();

                // What cannot be drawn is said: a relation of an entity with itself has no arc. One of each, singular.
                driver.get("http://127.0.0.1:" + server.port() + "/?text="
                        + URLEncoder.encode("Mirror Inc. is in London.", StandardCharsets.UTF_8));
                wait.until(d -> d.findElement(By.id("status")).getText().startsWith("1 sentence,"));
                assertThat(driver.findElement(By.id("status")).getText())
                        .isEqualTo("1 sentence, 1 entity, 1 relation; not drawn: 1 relation of an entity with itself");
                assertThat(driver.findElements(By.cssSelector("svg path.arc"))).isEmpty();
            } finally {
                driver.quit();
            }
        }
    }

    private static Rectangle bar(ChromeDriver driver, String type, String text) {
        List<WebElement> bars = driver.findElements(By.cssSelector(".entity[data-type='" + type + "']")).stream()
                .filter(e -> text.equals(e.getAttribute("data-text"))).toList();
        assertThat(bars).as(type + " " + text).hasSize(1);
        return bars.get(0).getRect();
    }
}
