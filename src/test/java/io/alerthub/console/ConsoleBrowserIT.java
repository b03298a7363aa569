package io.alerthub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which .ci/run
 * installs): log in through the form, find an escalated incident, act on it through the page's buttons (which post to
 * the operator API with the session's CSRF token) and watch the timeline refresh, switch the language, and see one
 * customer only with a scoped login. Screenshots go to {@code target/console-screenshots/}. Selenium is given the
 * driver and browser paths, so its Selenium Manager never looks for (or downloads) either.
 */
class ConsoleBrowserIT extends ConsoleHub {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Duration UI_WAIT = Duration.ofSeconds(20);

    static WebDriver browser;

    @BeforeAll
    static void startBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, "
                        + "/usr/bin/chromedriver): apt-get install -y chromium chromium-driver (.ci/run does)");
        // belt and braces: the driver's own lookup, should anything ask for it, finds the Debian driver
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en-US");
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void freshSession() {
        browser.get(uri("/login").toString());
        browser.manage().deleteAllCookies();
    }

    /** Waits for the page; an element replaced by a refresh meanwhile is looked up again. */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, UI_WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    void logIn(String user) {
        browser.get(uri("/console/").toString());
        waiting().until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(user + "-pw");
        browser.findElement(By.cssSelector("form button[type=submit], form input[type=submit]")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tbody#incident-rows")));
    }

    static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    WebElement row(String incidentId) {
        return waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-incident='" + incidentId + "']")));
    }

    void open(String incidentId) {
        row(incidentId).findElement(By.tagName("a")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
    }

    /** A field of the incident as the API shows it (for a wait, which takes no checked exceptions). */
    String field(String incidentId, String name) {
        try {
            return incidentJson(incidentId).path(name).asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String state() {
        return browser.findElement(By.cssSelector("#facts .state")).getText();
    }

    void waitForTimelineEntry(String kind) {
        waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#timeline li[data-kind='" + kind + "']")));
    }

    @Test
    void anOperatorLogsInFindsTheEscalatedIncidentAndAcknowledgesIt() throws Exception {
        String id = escalatedIncident("north", "BrowserDiskProbe", "north-web-7", "unknown");

        logIn("operator");
        assertThat(row(id).getText()).contains("BrowserDiskProbe", "Escalated", "north-web-7");
        screenshot("incidents");
        open(id);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("BrowserDiskProbe");
        assertThat(state()).isEqualTo("Escalated");
        screenshot("incident-escalated");

        browser.findElement(By.cssSelector("form[data-api$='/ack'] button")).click();

        waiting().until(ExpectedConditions.textToBe(By.id("status"), "Done."));
        waitForTimelineEntry("acknowledged");
        waiting().until(driver -> state().equals("Acknowledged"));
        assertThat(incidentJson(id).path("acknowledgedBy").asText()).isEqualTo("operator");
        waiting().until(driver -> driver.findElement(By.cssSelector("#timeline li[data-kind='acknowledged'] .actor"))
                .getText().equals("operator"));
        screenshot("incident-acknowledged");
    }

    @Test
    void aHandedOverIncidentShowsWhatTheHubCheckedFoundAndLeft() throws Exception {
        String id = handedOverWithSshSteps("Disk / 93 % full on south-db-1", "south-db-1").id();

        logIn("operator");
        open(id);

        WebElement handOver = browser.findElement(By.id("handover"));
        assertThat(handOver.isDisplayed()).isTrue();
        assertThat(handOver.getText()).contains("/ is 93 % full (threshold 90 %)", "free space on / by hand");
        List<WebElement> commands = browser.findElements(By.cssSelector("#timeline li.kind-ssh pre.command"));
        assertThat(commands).extracting(WebElement::getText).containsExactly("df -P /", "rm -f '/var/log/app/old.log'");
        assertThat(browser.findElements(By.cssSelector("#timeline .exit-code"))).extracting(WebElement::getText)
                .containsExactly("exit code 0", "exit code 1");
        screenshot("incident-handed-over");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                browser.findElement(By.id("timeline")));
        screenshot("incident-timeline");
    }

    @Test
    void anOperatorTakesOverNotesAndResolvesAndTheTimelineFollows() throws Exception {
        for (String action : List.of("takeover", "notes", "resolve")) {
            assumeTrue(hasIncidentAction(action), actionsMissing(action));
        }
        String id = escalatedIncident("north", "BrowserTakeoverProbe", "north-app-3", "unknown");
        logIn("operator");
        open(id);

        browser.findElement(By.cssSelector("form[data-api$='/takeover'] button")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("status"), "Done."));
        waiting().until(driver -> field(id, "assignee").equals("operator"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("facts"), "operator"));

        browser.findElement(By.id("note-text")).sendKeys("checked the load balancer, browser note 42");
        browser.findElement(By.cssSelector("form[data-api$='/notes'] button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "browser note 42"));
        screenshot("incident-taken-over");

        browser.findElement(By.id("resolve-note")).sendKeys("fixed by hand in the browser");
        browser.findElement(By.cssSelector("form[data-api$='/resolve'] button")).click();
        waiting().until(driver -> state().equals("Resolved"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
                "fixed by hand in the browser"));
        assertThat(incidentJson(id).path("state").asText()).isEqualTo("RESOLVED");
        screenshot("incident-resolved");
    }

    @Test
    void theOperatorSwitchesToJapaneseAndTheChoiceStays() throws Exception {
        logIn("viewer");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Incidents");

        browser.findElement(By.cssSelector("a[hreflang=ja]")).click();
        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "インシデント"));
        browser.findElement(By.cssSelector("nav a[href='/console/customers']")).click();

        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "顧客"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
        screenshot("customers-ja");
        browser.findElement(By.cssSelector("a[hreflang=en]")).click();
        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "Customers"));
    }

    @Test
    void aScopedLoginSeesOneCustomerOnly() throws Exception {
        assumeTrue(SCOPED_LOGINS, SCOPED_LOGINS_MISSING);
        String north = escalatedIncident("north", "BrowserScopeNorth", "north-web-9", "unknown");
        String south = escalatedIncident("south", "BrowserScopeSouth", "south-web-9", "unknown");

        logIn("south-op");
        row(south);
        assertThat(browser.findElements(By.cssSelector("tr[data-incident='" + north + "']"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#f-customer option")).stream()
                .map(o -> o.getAttribute("value")).toList()).containsExactly("", "south");
        browser.get(uri("/console/incidents/" + north).toString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        screenshot("scoped-not-found");
    }

    @Test
    void theAnalyticsPageDrawsItsChartsFromTheWebjar() throws Exception {
        escalatedIncident("north", "BrowserStatsProbe", "north-web-8", "unknown");

        logIn("viewer");
        browser.get(uri("/console/analytics").toString());
        waiting().until(ExpectedConditions.attributeToBe(By.id("chart-rate"), "data-drawn", "true"));
        assertThat(browser.findElement(By.id("chart-response")).getAttribute("data-drawn")).isEqualTo("true");
        assertThat(browser.findElements(By.cssSelector("#chart-rate canvas"))).as("ECharts drew the chart").isNotEmpty();
        screenshot("analytics");
    }
}
