package io.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A person declares an incident from Slack and hands out its roles (issue 19, seed 004), through the whole chain:
 * signed slash commands → notifier → {@code DeclareIncident} / {@code AssignRole} → incident-service → events →
 * the incident's Slack message, which shows who declared it and who leads.
 */
class DeclaredIncidentEndToEndIT {

    @Test
    void anIncidentDeclaredInSlackIsAnnouncedAndShowsItsLead() throws Exception {
        RunningStandalone tocsin = RunningStandalone.get();
        String title = "Customers report double charges " + System.nanoTime();
        JsonNode declared = command(tocsin, "declare SEV2 service=billing " + title, "U0ALICE");
        assertThat(declared.get("text").asString()).startsWith("Declaring a SEV2 incident on billing: " + title);

        JsonNode incident = await().atMost(Duration.ofSeconds(30)).until(() -> find(tocsin, title), Optional::isPresent)
                .orElseThrow();
        String key = incident.get("key").asString();
        assertThat(incident.get("severity").asString()).isEqualTo("SEV2");
        assertThat(incident.get("status").asString()).isEqualTo("TRIGGERED");
        JsonNode opened = tocsin.api("/api/v1/incidents/" + key + "/timeline").get(0);
        assertThat(opened.get("actor").asString()).isEqualTo("slack:U0ALICE");
        await().atMost(Duration.ofSeconds(30)).until(() -> slackPosts().stream()
                .anyMatch(p -> p.contains(key) && p.contains("Declared by") && p.contains("<@U0ALICE>")));

        JsonNode lead = command(tocsin, "lead " + key + " <@U0BOB|bob>", "U0ALICE");
        assertThat(lead.get("text").asString()).isEqualTo("Making <@U0BOB> incident lead of " + key + " …");
        await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.api("/api/v1/incidents/" + key + "/roles").has("lead"));
        assertThat(tocsin.api("/api/v1/incidents/" + key + "/roles").get("lead").get("assignee").asString())
                .isEqualTo("slack:U0BOB");
        await().atMost(Duration.ofSeconds(30)).until(() -> slackPosts().stream()
                .anyMatch(p -> p.contains("<@U0BOB> is incident lead (assigned by <@U0ALICE>)")));
        await().atMost(Duration.ofSeconds(30)).until(() -> slackPosts().stream()
                .anyMatch(p -> p.contains(key) && p.contains("*Incident lead*")));
        assertThat(tocsin.api("/api/v1/incidents/" + key + "/timeline").findValuesAsString("type"))
                .containsSubsequence("incident.opened", "role.assigned");
    }

    private static JsonNode command(RunningStandalone tocsin, String text, String user) throws Exception {
        String form = "command=%2Fincident&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&user_id=" + user
                + "&team_id=T0&channel_id=C0SRE";
        var response = tocsin.slackPost("/slack/commands", form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TocsinJson.mapper().readTree(response.body());
    }

    private static Optional<JsonNode> find(RunningStandalone tocsin, String title) throws Exception {
        for (JsonNode item : tocsin.api("/api/v1/incidents?service=billing").get("items")) {
            if (title.equals(item.get("title").asString())) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    private static List<String> slackPosts() {
        return RunningStandalone.slack.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith("/api/chat."))
                .map(e -> URLDecoder.decode(e.getRequest().getBodyAsString(), StandardCharsets.UTF_8)).toList();
    }
}
