package io.tocsin.incident.console;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.Topics;
import io.tocsin.testidp.TestIdentityProvider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console as a responder and an auditor use it: signed in through a real OpenID Connect provider
 * ({@link TestIdentityProvider}, Spring Authorization Server) in Debian's headless Chromium driven by Selenium. A
 * responder opens an incident, acknowledges it and sees the timeline entry; an auditor reads without forms; a person
 * whose groups map to no role is refused, told why. Screenshots at a phone's and a desktop's size go to
 * {@code target/console-*.png}.
 */
@Tag("e2e")
class ConsoleBrowserIT extends IncidentServiceIT {

    private static final int CONSOLE_PORT = freePort();
    private static final int IDP_PORT = freePort();
    private static ConfigurableApplicationContext idp;
    private WebDriver browser;

    @DynamicPropertySource
    static void signInThroughTheProvider(DynamicPropertyRegistry registry) {
        idp = TestIdentityProvider.start(IDP_PORT, "http://localhost:" + CONSOLE_PORT + "/login/oauth2/code/oidc");
        registry.add("server.port", () -> CONSOLE_PORT);
        registry.add("tocsin.console.oidc.issuer-uri", () -> "http://localhost:" + IDP_PORT);
        registry.add("tocsin.console.oidc.client-id", () -> "tocsin");
        registry.add("tocsin.console.oidc.client-secret", () -> "tocsin-secret");
        registry.add("tocsin.console.oidc.roles", () -> "sre=RESPONDER,audit=AUDITOR");
    }

    @AfterAll
    static void stopProvider() {
        if (idp != null) {
            idp.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aResponderSignsInOpensAnIncidentAcknowledgesItAndSeesTheTimelineEntry() throws IOException {
        String key = openIncident("ConsoleBrowserAck", "checkout");
        signIn("alice");
        assertThat(browser.getCurrentUrl()).contains("/console/incidents"); // where they were going
        assertThat(browser.findElement(By.cssSelector(".top .who")).getText()).contains("alice", "RESPONDER");
        screenshot("console-incidents-desktop");

        browser.findElement(By.linkText(key)).click();
        // A click returns before the next page may have replaced this one: read it once it is there.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> browser.findElement(By.id("status")).getText().equals("triggered"));
        assertThat(browser.findElement(By.id("chain")).getText()).contains("Hash chain verified");
        browser.findElement(By.id("acknowledge")).click();

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> browser.findElement(By.id("status")).getText().equals("acknowledged"));
        assertThat(browser.findElement(By.cssSelector("table.timeline")).getText())
                .contains("incident.acknowledged", "console:alice");
        assertThat(entries(key, "incident.acknowledged")).singleElement()
                .satisfies(e -> assertThat(e.get("actor").asString()).isEqualTo("console:alice"));
        screenshot("console-incident-desktop");
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot("console-incident-phone");
        browser.get("http://localhost:" + CONSOLE_PORT + "/console/incidents");
        screenshot("console-incidents-phone");
    }

    @Test
    void anAuditorReadsTheIncidentWithoutAnyForm() {
        String key = openIncident("ConsoleBrowserAudit", "payments");
        signIn("audrey");
        browser.get("http://localhost:" + CONSOLE_PORT + "/console/incidents/" + key);
        assertThat(browser.findElement(By.cssSelector(".top .who")).getText()).contains("audrey", "AUDITOR");
        assertThat(browser.findElements(By.id("acknowledge"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("section.actions"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector("table.timeline")).getText()).contains("incident.opened");
    }

    @Test
    void somebodyWhoseGroupsMapToNoRoleIsRefusedAndToldWhy() {
        signIn("mallory");
        assertThat(browser.getCurrentUrl()).contains("/console/login?failed");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("claim 'groups'", "marketing");
    }

    /** axe-core 4.11 (npm, MPL-2.0) on each page: no violation of impact serious or critical. */
    @Test
    void thePagesHaveNoSeriousAccessibilityViolations() throws IOException {
        String key = openIncident("ConsoleBrowserA11y", "search");
        browser.get("data:text/html,<html><body><img src='x.png'><button></button></body></html>");
        assertThat(seriousViolations()).as("the check itself finds an image without alt text").contains("image-alt");
        browser.get("http://localhost:" + CONSOLE_PORT + "/console/login");
        assertAccessible("sign-in");
        signIn("alice");
        assertThat(post("/api/v1/incidents/" + key + "/acknowledge", RESPONDER, "{}").statusCode()).isEqualTo(200);
        for (String page : java.util.List.of("/console/incidents", "/console/incidents/" + key, "/console/oncall",
                "/console/audit?from=2020-01-01T00:00:00Z", "/console/audit/reads", "/console/maintenance", "/console/incidents/" + key + "/postmortem",
                "/console/reports")) {
            browser.get("http://localhost:" + CONSOLE_PORT + page);
            assertAccessible(page);
        }
        screenshot("console-reports-desktop");
    }

    private void assertAccessible(String page) throws IOException {
        assertThat(seriousViolations()).as("axe-core on " + page).isEqualTo("[]");
    }

    /** The serious and critical violations axe-core finds on the page, as JSON. */
    private String seriousViolations() throws IOException {
        String axe;
        try (var in = getClass().getResourceAsStream("/axe/axe-4.11.0.min.js")) {
            axe = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        js.executeScript(axe);
        Object violations = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))));
                """);
        return String.valueOf(violations);
    }

    private String openIncident(String alertname, String service) {
        String group = uniqueGroup(alertname);
        send(Topics.ALERTS, firing(group, Long.toHexString(group.hashCode() & 0xffffffffL) + "00000000", now(),
                Map.of("alertname", alertname, "service", service, "severity", "critical"),
                Map.of("summary", alertname + " on " + service)));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        return incidentsOfGroup(group).get(0).get("key").asString();
    }

    /** Through the provider's own sign-in form, as a person does. */
    private void signIn(String person) {
        browser.get("http://localhost:" + CONSOLE_PORT + "/console/incidents");
        browser.findElement(By.linkText("Sign in with your company account")).click();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> browser.findElement(By.id("username")).isDisplayed());
        browser.findElement(By.id("username")).sendKeys(person);
        browser.findElement(By.id("password")).sendKeys("password");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        // The provider redirects back, the console redeems the code: the browser ends on the console.
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().startsWith("http://localhost:" + CONSOLE_PORT));
    }

    private void screenshot(String name) throws IOException {
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(png, Path.of("target", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static int freePort() {
        return io.tocsin.embedded.FreePorts.next();
    }
}
