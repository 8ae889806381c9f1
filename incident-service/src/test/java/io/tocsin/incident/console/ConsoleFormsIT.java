package io.tocsin.incident.console;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's other forms and pages: declaring an incident, maintenance windows, the rendered post-mortem, and the
 * access log of what people read.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class ConsoleFormsIT extends IncidentServiceIT {

    @Autowired
    LocalSignIn localSignIn;

    @Test
    void aResponderDeclaresAnIncidentOnceEvenWhenTheFormIsSentTwice() {
        ConsoleSession browser = ConsoleSession.signedIn(port, localSignIn);
        String list = browser.get("/console/incidents").body();
        Matcher id = Pattern.compile("name=\"id\" value=\"([0-9a-f-]{36})\"").matcher(list);
        assertThat(id.find()).isTrue();
        String title = "Checkout slow for EU customers " + UUID.randomUUID();
        Map<String, String> form = Map.of("id", id.group(1), "title", title, "severity", "SEV2", "service", "checkout",
                "description", "Support reports <b>timeouts</b>");

        HttpResponse<String> declared = browser.post("/console/incidents", form);
        HttpResponse<String> again = browser.post("/console/incidents", form);
        assertThat(declared.statusCode()).isEqualTo(302);
        String location = declared.headers().firstValue("Location").orElseThrow();
        assertThat(again.headers().firstValue("Location")).hasValue(location);
        String page = browser.get(location).body();
        assertThat(page).contains(title, "SEV2", "console:admin", "Support reports &lt;b&gt;timeouts&lt;/b&gt;");

        HttpResponse<String> untitled = browser.post("/console/incidents", Map.of("title", " ", "severity", "SEV2"));
        assertThat(untitled.headers().firstValue("Location").orElseThrow()).endsWith("/console/incidents");
        assertThat(browser.get("/console/incidents").body()).contains("title");
    }

    @Test
    void anAdminCreatesAndEndsAMaintenanceWindowAndABadMatcherIsNamed() {
        ConsoleSession browser = ConsoleSession.signedIn(port, localSignIn);
        browser.get("/console/maintenance");
        String comment = "Postgres upgrade " + UUID.randomUUID();
        HttpResponse<String> created = browser.post("/console/maintenance", Map.of(
                "matchers", "service=\"postgres\"\nenv=~\"prod.*\"", "startsAt", "",
                "endsAt", Instant.now().plus(Duration.ofHours(1)).toString(), "comment", comment));
        assertThat(created.statusCode()).isEqualTo(302);
        String page = browser.get("/console/maintenance").body();
        assertThat(page).contains("Window created: " + comment, "service=&quot;postgres&quot;, env=~&quot;prod.*&quot;",
                "active", "console:admin");
        assertThat(json(get("/api/v1/maintenance-windows?state=active", ADMIN)).get("items").toString()).contains(comment);

        Matcher end = Pattern.compile("action=\"/console/maintenance/([0-9a-f-]{36})/end\"[^>]*>\\s*<input[^>]*>\\s*"
                + "<button[^>]*aria-label=\"End now: " + Pattern.quote(comment)).matcher(page);
        assertThat(end.find()).as("an End button for the window").isTrue();
        browser.post("/console/maintenance/" + end.group(1) + "/end", Map.of());
        assertThat(browser.get("/console/maintenance").body()).contains("Window ended.", "ended by console:admin");

        browser.post("/console/maintenance", Map.of("matchers", "service = checkout", "endsAt", "tomorrow", "comment", "x"));
        assertThat(browser.get("/console/maintenance").body()).contains("not a label matcher", "service = checkout");
    }

    @Test
    void thePostMortemDraftReadsAsAPageWithWhatPeopleWroteEscaped() {
        String group = uniqueGroup("ConsolePostMortem");
        send(Topics.ALERTS, firing(group, "c0501e0000000007", now(),
                Map.of("alertname", "ConsolePostMortem", "service", "orders", "severity", "critical"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();
        post("/api/v1/incidents/" + key + "/notes", RESPONDER, "{\"note\":\"<script>alert(4)</script> rolled back\"}");
        ConsoleSession browser = ConsoleSession.signedIn(port, localSignIn);

        String page = browser.get("/console/incidents/" + key + "/postmortem").body();
        assertThat(page).contains("<article class=\"markdown\">", "<h2>Summary</h2>", "<dt>severity</dt>", "Post-mortem — ConsolePostMortem", key, "&lt;script&gt;alert(4)&lt;/script&gt; rolled back")
                .doesNotContain("<script>alert(4)");
    }

    @Test
    void everyPageReadIsInTheAccessLogWithWhoReadIt(org.springframework.boot.test.system.CapturedOutput output) {
        ConsoleSession.signedIn(port, localSignIn).get("/console/audit?from=2026-01-01T00:00:00Z");
        await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains(
                "audit.read principal=console:admin path=/console/audit query=\"from=2026-01-01T00:00:00Z\" status=200 "
                        + "refresh=false recorded=true"));
    }
}
