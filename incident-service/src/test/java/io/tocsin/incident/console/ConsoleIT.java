package io.tocsin.incident.console;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web console without an identity provider (standalone's first run): a one-time link signs the local admin in;
 * pages escape what alerts carry; forms need their CSRF token; a responder's action lands on the timeline.
 */
class ConsoleIT extends IncidentServiceIT {

    @Autowired
    LocalSignIn localSignIn;

    private ConsoleSession signedIn() {
        ConsoleSession browser = new ConsoleSession(port);
        String link = localSignIn.newLink().orElseThrow();
        HttpResponse<String> submitPage = browser.get(link);
        assertThat(submitPage.statusCode()).isEqualTo(200);
        String token = link.substring(link.indexOf("token=") + "token=".length());
        HttpResponse<String> signIn = browser.post("/console/login/ott", Map.of("token", token));
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/incidents"));
        return browser;
    }

    @Test
    void withoutASessionThePagesSendPeopleToSignIn() {
        ConsoleSession anonymous = new ConsoleSession(port);
        HttpResponse<String> page = anonymous.get("/console/incidents");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/console/login");
        HttpResponse<String> login = anonymous.get("/console/login");
        assertThat(login.body()).contains("Print a new sign-in link");
        // The REST API is untouched: bearer tokens, JSON errors.
        assertThat(get("/api/v1/incidents", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aOneTimeLinkSignsInOnceAndTheSessionCookieIsHttpOnlySecureAndLax() {
        ConsoleSession browser = new ConsoleSession(port);
        String link = localSignIn.newLink().orElseThrow();
        browser.get(link);
        String token = link.substring(link.indexOf("token=") + 6);
        HttpResponse<String> signIn = browser.post("/console/login/ott", Map.of("token", token));
        assertThat(signIn.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("TOCSIN_SESSION=").contains("HttpOnly").contains("Secure").contains("SameSite=Lax"));
        assertThat(browser.get("/console/incidents").statusCode()).isEqualTo(200);

        ConsoleSession other = new ConsoleSession(port);
        other.get(link);
        HttpResponse<String> again = other.post("/console/login/ott", Map.of("token", token));
        assertThat(again.headers().firstValue("Location").orElseThrow()).contains("/console/login?failed");
    }

    @Test
    void aSessionStartedOnOneInstanceIsServedByAnotherWithoutStickySessions() {
        String group = uniqueGroup("ConsoleTwoInstances");
        send(Topics.ALERTS, firing(group, "c0501e0000000009", now(),
                Map.of("alertname", "ConsoleTwoInstances", "service", "checkout", "severity", "warning"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();
        ConsoleSession onFirst = signedIn();
        onFirst.get("/console/incidents/" + key);

        try (ConfigurableApplicationContext second = secondInstance()) {
            int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
            ConsoleSession onSecond = onFirst.onPort(secondPort);

            assertThat(onSecond.get("/console/incidents/" + key).body()).as("signed in there too").contains(key, "admin");
            HttpResponse<String> acknowledged = onSecond.post("/console/incidents/" + key + "/acknowledge", Map.of());
            assertThat(acknowledged.statusCode()).as("the CSRF token of a page the first instance served").isEqualTo(302);
            assertThat(entries(key, "incident.acknowledged")).singleElement()
                    .satisfies(e -> assertThat(e.get("actor").asString()).isEqualTo("console:admin"));
            assertThat(onFirst.get("/console/incidents/" + key).body()).as("the flash message, back on the first")
                    .contains("Acknowledged.");

            onSecond.post("/console/logout", Map.of());
            assertThat(onFirst.get("/console/incidents").statusCode()).as("signed out everywhere").isEqualTo(302);
        }
    }

    @Test
    void everyReadIsRecordedAndAnAuditorListsWhoReadWhat() {
        String marker = "reads-" + java.util.UUID.randomUUID();
        assertThat(get("/api/v1/incidents?service=" + marker, AUDITOR).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/maintenance-windows?comment=" + marker, AUDITOR).statusCode()).isEqualTo(403);
        new ConsoleSession(port).get("/console/incidents?service=" + marker);
        ConsoleSession browser = signedIn();
        browser.get("/console/incidents?service=" + marker);
        browser.get("/console/incidents/rows?service=" + marker, "HX-Request", "true");

        var api = json(get("/api/v1/audit/reads?limit=500", AUDITOR)).get("reads");
        List<String> recorded = new java.util.ArrayList<>();
        api.forEach(r -> recorded.add(r.get("principal").asString() + " " + r.get("path").asString() + "?"
                + r.get("query").asString() + " " + r.get("status").asInt() + " " + r.get("refresh").asBoolean()));
        assertThat(recorded).anySatisfy(r -> assertThat(r).endsWith(" /api/v1/incidents?service=" + marker + " 200 false"))
                .anySatisfy(r -> assertThat(r).endsWith(" /api/v1/maintenance-windows?comment=" + marker + " 403 false"))
                .contains("console:admin /console/incidents?service=" + marker + " 200 false")
                .as("refused reads too").contains("anonymous /console/incidents?service=" + marker + " 401 false")
                .noneSatisfy(r -> assertThat(r).contains("/console/incidents/rows?service=" + marker));
        assertThat(json(get("/api/v1/audit/reads?refreshes=true&principal=console:admin", AUDITOR)).get("reads").toString())
                .as("the list's automatic refresh, on request").contains("/console/incidents/rows");
        assertThat(get("/api/v1/audit/reads?limit=0", AUDITOR).statusCode()).isEqualTo(400);
        HttpResponse<String> notANumber = get("/api/v1/audit/reads?limit=abc", AUDITOR);
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(json(notANumber).get("message").asString()).isEqualTo("limit: must be a whole number");

        // A sign-in link's token is a credential until its form is posted: whoever reads it signs in.
        new ConsoleSession(port).get("/console/login/ott?token=" + marker);
        assertThat(json(get("/api/v1/audit/reads?principal=anonymous&limit=500", AUDITOR)).get("reads").toString())
                .contains("token=[redacted]").doesNotContain("token=" + marker);

        String page = browser.get("/console/audit/reads?principal=console:admin").body();
        assertThat(page).contains("Who read what", "/console/incidents?service=" + marker)
                .doesNotContain("/console/incidents/rows?service=" + marker);
        assertThat(browser.get("/console/audit/reads?from=yesterday").body())
                .contains("from: must be an RFC 3339 timestamp, was &#39;yesterday&#39;").contains("No reads in this period.");
    }

    /**
     * A second incident-service on the same database, as a second replica behind a load balancer: its consumers stay
     * stopped (so the shared context keeps its partitions), the rest is the first's configuration.
     */
    private static ConfigurableApplicationContext secondInstance() {
        List<String> properties = new java.util.ArrayList<>(List.of("spring.config.name=incident-service", "server.port=0",
                "tocsin.instance-id=console-second", "tocsin.api.tokens=admin-token=ADMIN",
                "tocsin.oncall.config=classpath:oncall/oncall-it.yml"));
        for (String binding : List.of("triageAlert", "applyIncidentCommand", "recordRemediation", "recordBackupVerification",
                "recordChange")) {
            properties.add("spring.cloud.stream.bindings." + binding + "-in-0.consumer.auto-startup=false");
        }
        return new SpringApplicationBuilder(io.tocsin.incident.IncidentServiceApplication.class)
                .initializers(new io.tocsin.common.test.TocsinInfrastructure())
                .properties(properties.toArray(String[]::new))
                .run();
    }

    @Test
    void theIncidentPageEscapesWhatAlertsCarryAndLinksOnlyWebUrls() {
        String group = uniqueGroup("ConsoleEscaping");
        send(Topics.ALERTS, firing(group, "c0501e0000000001", now(),
                Map.of("alertname", "ConsoleEscaping", "service", "<script>alert(1)</script>", "severity", "critical"),
                Map.of("summary", "<!channel> <b>bold</b>", "runbook_url", "javascript:alert(2)")));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();

        ConsoleSession browser = signedIn();
        String list = browser.get("/console/incidents?service=" + java.net.URLEncoder.encode("<script>alert(1)</script>",
                java.nio.charset.StandardCharsets.UTF_8)).body();
        assertThat(list).contains(key).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        String page = browser.get("/console/incidents/" + key).body();
        assertThat(page).contains("&lt;!channel&gt; &lt;b&gt;bold&lt;/b&gt;").doesNotContain("<b>bold</b>")
                .doesNotContain("<!channel>").doesNotContain("<script>").doesNotContain("javascript:alert(2)");
        assertThat(page).contains("Hash chain verified");
    }

    @Test
    void aResponderActionNeedsItsCsrfTokenAndLandsOnTheTimeline() {
        String group = uniqueGroup("ConsoleAck");
        send(Topics.ALERTS, firing(group, "c0501e0000000002", now(),
                Map.of("alertname", "ConsoleAck", "service", "checkout", "severity", "critical"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();
        ConsoleSession browser = signedIn();
        browser.get("/console/incidents/" + key);

        HttpResponse<String> forged = browser.postRaw("/console/incidents/" + key + "/acknowledge", Map.of());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("Sign in again", "nothing was changed");
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("status").asString()).isEqualTo("TRIGGERED");

        HttpResponse<String> acknowledged = browser.post("/console/incidents/" + key + "/acknowledge", Map.of());
        assertThat(acknowledged.statusCode()).isEqualTo(302);
        assertThat(browser.get("/console/incidents/" + key).body()).contains("Acknowledged.").contains("console:admin");
        assertThat(entries(key, "incident.acknowledged")).singleElement()
                .satisfies(e -> assertThat(e.get("actor").asString()).isEqualTo("console:admin"));

        HttpResponse<String> blankNote = browser.post("/console/incidents/" + key + "/notes", Map.of("note", " "));
        assertThat(blankNote.statusCode()).isEqualTo(302);
        assertThat(browser.get("/console/incidents/" + key).body()).contains("A note needs some text.");
    }

    @Test
    void aFilterThatDoesNotParseIsNamedOnThePage() {
        ConsoleSession browser = signedIn();
        HttpResponse<String> page = browser.get("/console/incidents?severity=SEV9&from=yesterday");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("severity must be one of SEV1, SEV2, SEV3, SEV4, was &#39;SEV9&#39;")
                .contains("from: must be an RFC 3339 timestamp, was &#39;yesterday&#39;");
    }

    @Test
    void anUnknownIncidentIsANotFoundPage() {
        HttpResponse<String> page = signedIn().get("/console/incidents/INC-999999999");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("no incident &#39;INC-999999999&#39;");
    }

    @Test
    void aLongTimelineOpensOnItsNewestEntriesAndPagesBack() {
        String group = uniqueGroup("ConsoleLongTimeline");
        send(Topics.ALERTS, firing(group, "c0501e0000000003", now(),
                Map.of("alertname", "ConsoleLongTimeline", "service", "search", "severity", "warning"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();
        for (int i = 1; i <= ConsolePages.PER_PAGE; i++) {
            post("/api/v1/incidents/" + key + "/notes", RESPONDER, "{\"note\":\"note " + i + "\"}");
        }
        ConsoleSession browser = signedIn();

        String newest = browser.get("/console/incidents/" + key).body();
        assertThat(newest).contains("Entries page 2 of 2", "note " + ConsolePages.PER_PAGE, "Earlier entries")
                .doesNotContain("incident.opened");
        String earlier = browser.get("/console/incidents/" + key + "?entries=0").body();
        assertThat(earlier).contains("Entries page 1 of 2", "incident.opened", "Later entries");
    }

    @Test
    void anAuditorExportsTheTimelineAndThePostMortemDraft() {
        String group = uniqueGroup("ConsoleExport");
        send(Topics.ALERTS, firing(group, "c0501e0000000004", now(),
                Map.of("alertname", "ConsoleExport", "service", "billing", "severity", "critical"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();
        ConsoleSession browser = signedIn();

        HttpResponse<String> csv = browser.get("/console/incidents/" + key + "/timeline.csv");
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + key + "-timeline.csv\"");
        assertThat(csv.body()).startsWith("sequence,at,type,actor,summary,details,hash,previousHash").contains("incident.opened");
        HttpResponse<String> json = browser.get("/console/incidents/" + key + "/timeline.json");
        assertThat(json(json).get(0).get("type").asString()).isEqualTo("incident.opened");
        assertThat(browser.get("/console/incidents/" + key + "/postmortem.md").body()).contains(key);
    }

    @Test
    void theAuditPageVerifiesEveryChainOfAPeriodAndNamesABadTime() {
        // Other tests in this JVM break chains on purpose (AuditIT): the period starts with this test.
        java.time.Instant from = java.time.Instant.now();
        String group = uniqueGroup("ConsoleAudit");
        send(Topics.ALERTS, firing(group, "c0501e0000000006", now(),
                Map.of("alertname", "ConsoleAudit", "service", "ledger", "severity", "warning"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        ConsoleSession browser = signedIn();
        assertThat(browser.get("/console/audit").body()).contains("Audit the timelines").doesNotContain("audit-result");
        String audited = browser.get("/console/audit?from=" + from + "&to=" + from.plusSeconds(3600)).body();
        assertThat(audited).contains("id=\"audit-result\"", "Intact:");
        assertThat(browser.get("/console/audit?from=last+week").body())
                .contains("from: must be an RFC 3339 timestamp, was &#39;last week&#39;");
    }

    @Test
    void onCallNowShowsWhomAPageReachesInEachSchedule() {
        String page = signedIn().get("/console/oncall").body();
        assertThat(page).contains("On call now", "platform", "paging", "weekly-window");
    }

    @Test
    void theListsRowsComeAloneForTheLiveUpdate() {
        ConsoleSession browser = signedIn();
        String full = browser.get("/console/incidents?severity=SEV2").body();
        assertThat(full).contains("hx-get=\"/console/incidents/rows?status=&amp;severity=SEV2", "hx-trigger=\"every 15s\"");
        String rows = browser.get("/console/incidents/rows?severity=SEV2").body();
        assertThat(rows).startsWith("<tbody id=\"rows\"").doesNotContain("<html").contains("SEV2");
    }

    @Test
    void reportsDrawMttaAndMttrPerWeekWithTheSeedTargetsAndOfferTheCsv() {
        String group = uniqueGroup("ConsoleReport");
        send(Topics.ALERTS, firing(group, "c0501e0000000005", now(),
                Map.of("alertname", "ConsoleReport", "service", "reports", "severity", "critical"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();
        assertThat(post("/api/v1/incidents/" + key + "/acknowledge", RESPONDER, "{}").statusCode()).isEqualTo(200);
        ConsoleSession browser = signedIn();

        String page = browser.get("/console/reports?weeks=4&groupBy=severity").body();
        assertThat(page).contains("Median time to acknowledge (MTTA p50) per week", "<svg", "<polyline",
                "SEV2 target to acknowledge: 15m", "<th scope=\"row\">SEV2</th>");
        assertThat(browser.get("/console/reports?weeks=4&groupBy=service").body()).contains("<th scope=\"row\">reports</th>")
                .doesNotContain("target to acknowledge");
        assertThat(browser.get("/console/reports?weeks=99").body())
                .contains("weeks must be a whole number from 1 to 52, was &#39;99&#39;").doesNotContain("<svg");
        HttpResponse<String> csv = browser.get("/console/reports/response-times.csv?weeks=4&groupBy=severity");
        assertThat(csv.body()).startsWith("group,incidents,acknowledged,resolved,mtta_mean_s").contains("SEV2,");
    }

    @Test
    void aLiveRefreshAfterTheSessionEndedSendsHtmxToSignInAndIsNotWhereSigningInReturns() {
        ConsoleSession anonymous = new ConsoleSession(port);
        HttpResponse<String> refresh = anonymous.get("/console/incidents/rows", "HX-Request", "true");
        assertThat(refresh.statusCode()).isEqualTo(401);
        assertThat(refresh.headers().firstValue("HX-Redirect")).hasValue("/console/login");
    }

    @Test
    void aPrintedLinkIsAlwaysTheLocalAdminsWhateverTheFormSays() {
        ConsoleSession anonymous = new ConsoleSession(port);
        anonymous.get("/console/login");
        HttpResponse<String> asked = anonymous.post("/console/login/link", Map.of("username", "x".repeat(80)));
        assertThat(asked.statusCode()).isEqualTo(302);
        assertThat(asked.headers().firstValue("Location").orElseThrow()).contains("/console/login");
    }

    @Test
    void aBadValueOnAnExportIsAPageNamingIt() {
        HttpResponse<String> csv = signedIn().get("/console/reports/response-times.csv?groupBy=colour");
        assertThat(csv.statusCode()).isEqualTo(400);
        assertThat(csv.body()).contains("Not understood", "groupBy: must be severity, service, acknowledger or schedule");
    }
}
