package io.tocsin.incident.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.Topics;
import io.tocsin.incident.IncidentServiceIT;
import io.tocsin.incident.escalation.Escalations;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Overrides through the ADMIN API (issue 18): Bob covers for Alice in schedule {@code paging} for an hour; who is on
 * call and whom an escalation pages change at once, and back when the override is cancelled. Bad input is a 400 that
 * names the field; only ADMIN may add or cancel.
 */
class OnCallOverridesIT extends IncidentServiceIT {

    @Autowired
    Escalations escalations;

    @Test
    void anOverrideAddedThroughTheApiIsWhomAPageReachesUntilItIsCancelled() {
        Instant from = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
        String body = "{\"person\":\"bob\",\"from\":\"" + from + "\",\"to\":\"" + from.plus(Duration.ofHours(1))
                + "\",\"reason\":\"Alice at the dentist\"}";
        assertThat(post("/api/v1/oncall/paging/overrides", RESPONDER, body).statusCode()).isEqualTo(403);
        HttpResponse<String> created = post("/api/v1/oncall/paging/overrides", ADMIN, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asString();
        try {
            assertThat(json(created).get("layer").asString()).isEqualTo("primary");
            assertThat(json(created).get("createdBy").asString()).startsWith("api:");
            assertThat(json(get("/api/v1/oncall/paging", AUDITOR)).get("paged").get("person").get("id").asString())
                    .isEqualTo("bob");
            assertThat(json(get("/api/v1/oncall/paging/overrides", AUDITOR)).get("overrides").valueStream()
                    .map(o -> o.get("source").asString() + ":" + o.get("person").asString())).contains("api:bob");

            String key = openPagingIncident("OverridePaged");
            assertThat(entries(key, "page.sent")).singleElement().satisfies(p ->
                    assertThat(p.get("details").get("person").asString()).isEqualTo("bob"));
        } finally {
            HttpResponse<String> cancelled = delete("/api/v1/oncall/paging/overrides/" + id, ADMIN);
            assertThat(cancelled.statusCode()).isEqualTo(200);
            assertThat(json(cancelled).get("cancelledBy").asString()).startsWith("api:");
        }
        assertThat(json(get("/api/v1/oncall/paging", AUDITOR)).get("paged").get("person").get("id").asString())
                .isEqualTo("alice");
        assertThat(delete("/api/v1/oncall/paging/overrides/" + id, ADMIN).statusCode()).as("already cancelled").isEqualTo(404);

        // The notifier learns each change as the schedule's whole live list.
        await().atMost(Duration.ofSeconds(30)).until(() -> changes("paging").stream()
                .anyMatch(c -> c.overrides().stream().anyMatch(o -> o.id().toString().equals(id) && o.person().equals("bob"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> changes("paging").getLast().overrides().stream()
                .noneMatch(o -> o.id().toString().equals(id)));
    }

    private static java.util.List<io.tocsin.contracts.messages.OnCallEvent.OverridesChanged> changes(String schedule) {
        return io.tocsin.common.test.TopicReader.readAll(io.tocsin.common.test.TestKafka.bootstrapServers(), Topics.ONCALL_EVENTS)
                .stream().filter(r -> schedule.equals(r.key()))
                .map(r -> (io.tocsin.contracts.messages.OnCallEvent.OverridesChanged) io.tocsin.contracts.json.TocsinJson.mapper()
                        .readValue(r.value(), io.tocsin.contracts.messages.OnCallEvent.class))
                .toList();
    }

    @Test
    void badOverridesAreRefusedNamingTheField() {
        String now = Instant.now().toString();
        String later = Instant.now().plus(Duration.ofHours(1)).toString();
        assertThat(message(post("/api/v1/oncall/paging/overrides", ADMIN,
                "{\"person\":\"zed\",\"from\":\"" + now + "\",\"to\":\"" + later + "\"}")))
                .isEqualTo("400 person: no person with id 'zed' in the on-call configuration");
        assertThat(message(post("/api/v1/oncall/paging/overrides", ADMIN,
                "{\"person\":\"bob\",\"from\":\"" + later + "\",\"to\":\"" + now + "\"}"))).isEqualTo("400 to: must be after from");
        assertThat(message(post("/api/v1/oncall/paging/overrides", ADMIN,
                "{\"person\":\"bob\",\"layer\":\"night\",\"from\":\"" + now + "\",\"to\":\"" + later + "\"}")))
                .isEqualTo("400 layer: schedule 'paging' has no layer 'night'");
        assertThat(message(post("/api/v1/oncall/paging/overrides", ADMIN, "{\"person\":\"bob\",\"from\":\"soon\",\"to\":\"" + later + "\"}")))
                .isEqualTo("400 from: must be an RFC 3339 timestamp, was 'soon'");
        assertThat(message(post("/api/v1/oncall/billing/overrides", ADMIN,
                "{\"person\":\"bob\",\"from\":\"" + now + "\",\"to\":\"" + later + "\"}")))
                .isEqualTo("404 schedule: no schedule named 'billing'");
    }

    private static String message(HttpResponse<String> response) {
        return response.statusCode() + " " + json(response).get("message").asString();
    }

    private String openPagingIncident(String name) {
        String group = uniqueGroup(name);
        send(Topics.ALERTS, firing(group, Long.toHexString(UUID.randomUUID().getMostSignificantBits()), now(),
                Map.of("alertname", name, "severity", "critical", "service", "paging-it"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        JsonNode incident = incidentsOfGroup(group).get(0);
        escalations.escalateIfDue(UUID.fromString(incident.get("id").asString()),
                Instant.parse(incident.get("openedAt").asString()).plusSeconds(1));
        String key = incident.get("key").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> entries(key, "page.sent").size() == 1);
        return key;
    }
}
