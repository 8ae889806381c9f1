package io.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The public status page in a real browser (Debian's headless Chromium) at a phone's size, with an
 * active SEV2 incident: what a customer sees is the outage banner, the incident under the impact on its component (not
 * the alert's text, not the internal key), the component state, and then the update a person wrote.
 */
@Tag("e2e")
class StatusPageBrowserIT {

    @Test
    void customerSeesOutageBannerIncidentAndComponentOnAPhone() throws Exception {
        RunningStandalone tocsin = RunningStandalone.get();
        String sample = RunningStandalone.firingSample("checkout", "Checkout <b>unavailable</b>");
        assertThat(tocsin.postAlerts(sample).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.text(tocsin.notifierPort, "/api/v1/status").contains("checkout"));

        String url = "http://127.0.0.1:" + tocsin.notifierPort + "/status";
        Path profile = Files.createTempDirectory("tocsin-chromium");
        Path screenshot = profile.resolve("status.png");
        String dom = chromium(profile, "--dump-dom", url);
        chromium(profile, "--screenshot=" + screenshot, "--window-size=412,915", url);

        String text = org.springframework.web.util.HtmlUtils.htmlUnescape(dom.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " "));
        // The alert's text is for responders: customers read the impact on the component until a person titles it.
        assertThat(text).contains("Partial outage", "Active incidents", "Partial outage: checkout", "Investigating",
                "We're investigating an issue affecting checkout").doesNotContain("unavailable");
        assertThat(Files.size(screenshot)).isGreaterThan(1000);
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        Files.copy(screenshot, Path.of("target", "status-page-phone.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        // The communications lead writes the customer update (seed 004's template); the page shows it, escaped.
        String key = tocsin.api("/api/v1/incidents?service=checkout").get("items").get(0).get("key").asString();
        var posted = tocsin.apiPost("/api/v1/incidents/" + key + "/status-updates", """
                {"status":"identified","message":"Checkout fails for some card payments; we found the cause.",
                 "impact":"About 1 in 10 EU card payments","workaround":"Pay with PayPal meanwhile",
                 "nextUpdateAt":"%s","title":"Card payments <b>failing</b> for some customers","by":"carol"}"""
                .formatted(java.time.Instant.now().plusSeconds(1800)));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.text(tocsin.notifierPort, "/api/v1/status")
                .contains("we found the cause"));
        String updated = chromium(profile, "--dump-dom", url);
        String after = org.springframework.web.util.HtmlUtils.htmlUnescape(updated.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " "));
        assertThat(after).contains("Card payments <b>failing</b> for some customers", "Identified",
                "Checkout fails for some card payments; we found the cause.", "Impact: About 1 in 10 EU card payments",
                "Workaround: Pay with PayPal meanwhile", "Next update by").doesNotContain(key);
        assertThat(updated).doesNotContain("<b>failing</b>");
        chromium(profile, "--screenshot=" + screenshot, "--window-size=412,915", url);
        Files.copy(screenshot, Path.of("target", "status-page-phone-updated.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String chromium(Path profile, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 60 s");
        }
        return out;
    }

    private static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new IllegalStateException("chromium is not installed: apt-get install chromium (the e2e profile needs it)");
    }
}
