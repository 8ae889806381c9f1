package io.tocsin.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Customers see affected components, active incidents with phased updates and history; nothing unescaped. */
class StatusPageIT extends NotifierIT {

    @Test
    void customersSeeTheImpactOnTheComponentAndOnlyWhatPeopleWrite() {
        UUID id = UUID.randomUUID();
        IncidentSummary s = new IncidentSummary(id, "INC-301", "Payments API returns 5xx for 12% of requests", "TRIGGERED",
                "SEV2", "payments", "g", 1, 1, "", Instant.now().minusSeconds(120));
        // the alert's labels route it to its component
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.AlertsAttached(UUID.randomUUID(), Instant.now(), s,
                java.util.List.of(new IncidentEvent.AttachedAlert("00000000000003a1", Instant.now(), AlertStatus.FIRING,
                        Map.of("alertname", "PaymentsDown", "service", "payments", "status_page_component", "billing"),
                        Map.of(), ""))));
        IncidentSummary acked = new IncidentSummary(id, "INC-301", s.title(), "ACKNOWLEDGED", "SEV2", "payments", "g", 1, 1, "",
                s.openedAt());
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentAcknowledged(UUID.randomUUID(), Instant.now(), acked, "slack:U1"));
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.TimelineNoteAdded(UUID.randomUUID(), Instant.now(), acked, "slack:U1",
                "marker-301"));
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#sre-oncall").stream()
                .anyMatch(c -> c.form().getOrDefault("text", "").contains("marker-301")));

        // Acknowledged is no news for customers, and the alert's text and the internal key are not theirs to read.
        JsonNode incident = activeIncident("Partial outage: billing");
        assertThat(incident).isNotNull();
        assertThat(incident.get("phase").asString()).isEqualTo("investigating");
        assertThat(incident.get("updates")).hasSize(1);
        assertThat(incident.get("updates").get(0).get("message").asString())
                .startsWith("We're investigating an issue affecting billing that started at");
        JsonNode status = json("/api/v1/status");
        assertThat(status.toString()).doesNotContain("INC-301", "5xx for 12%");
        assertThat(component(status, "billing").get("status").asString()).isEqualTo("partial_outage");
        assertThat(component(status, "search").get("status").asString()).isEqualTo("operational");

        // The communications lead writes the update: its status, text and title are what customers see.
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentStatusUpdated(UUID.randomUUID(), Instant.now(), acked,
                "slack:U2", "identified", "Some card payments fail; we found the cause.", "EU cards, about 1 in 8",
                "Retry in a few minutes", Instant.now().plusSeconds(900), "Card payments <failing> for some customers"));
        await().atMost(Duration.ofSeconds(20)).until(() -> activeIncident("Card payments <failing> for some customers") != null);
        incident = activeIncident("Card payments <failing> for some customers");
        assertThat(incident.get("phase").asString()).isEqualTo("identified");
        assertThat(incident.get("updates").get(0).get("message").asString()).startsWith(
                "Some card payments fail; we found the cause.\n\nImpact: EU cards, about 1 in 8\n\nWorkaround: Retry in a few minutes"
                        + "\n\nNext update by ");

        String html = get("/status").body();
        assertThat(html).contains("<title>Service status</title>", "Partial outage", "Card payments and refunds",
                "Card payments &lt;failing&gt; for some customers", "Identified")
                .doesNotContain("<failing>", "INC-301");
        assertThat(get("/status").headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        // A CDN in front may serve one copy to everyone reloading it during the outage; a browser asks each time.
        for (String path : List.of("/status", "/api/v1/status")) {
            assertThat(get(path).headers().firstValue("Cache-Control").orElseThrow().split(", "))
                    .containsExactlyInAnyOrder("max-age=0", "s-maxage=10", "public");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#sre-oncall").stream().anyMatch(c -> c.isReply()
                && c.form().getOrDefault("text", "").startsWith("📣 Customer update (identified) published by <@U2>")));
    }

    @Test
    void announcedMaintenanceIsScheduledThenInProgressAndGoneWhenEndedEarly() {
        UUID upcoming = UUID.randomUUID();
        UUID now = UUID.randomUUID();
        Instant t = Instant.now();
        send(Topics.MAINTENANCE_EVENTS, new io.tocsin.contracts.messages.MaintenanceEvent.PublicMaintenanceChanged(UUID.randomUUID(),
                t, upcoming, "Quarterly <database> upgrade", List.of("search"), t.plus(Duration.ofDays(2)),
                t.plus(Duration.ofDays(2)).plus(Duration.ofHours(2)), false));
        io.tocsin.contracts.messages.MaintenanceEvent.PublicMaintenanceChanged started =
                new io.tocsin.contracts.messages.MaintenanceEvent.PublicMaintenanceChanged(UUID.randomUUID(), t, now,
                        "Search index rebuild", List.of("search"), t.minusSeconds(60), t.plus(Duration.ofHours(1)), false);
        send(Topics.MAINTENANCE_EVENTS, started);
        await().atMost(Duration.ofSeconds(20)).until(() -> json("/api/v1/status").get("maintenance").size() >= 2);

        JsonNode status = json("/api/v1/status");
        assertThat(component(status, "search").get("status").asString()).isIn("under_maintenance", "partial_outage",
                "major_outage", "degraded_performance"); // another test's search incident may be worse
        assertThat(status.get("maintenance").toString()).contains("\"title\":\"Search index rebuild\"", "\"inProgress\":true",
                "\"title\":\"Quarterly <database> upgrade\"", "\"inProgress\":false");
        String html = get("/status").body();
        assertThat(html).contains("Scheduled maintenance", "Search index rebuild", "In progress", "Scheduled",
                "Quarterly &lt;database&gt; upgrade").doesNotContain("<database>");

        // Ended early (a redelivered older state changes nothing after it).
        send(Topics.MAINTENANCE_EVENTS, new io.tocsin.contracts.messages.MaintenanceEvent.PublicMaintenanceChanged(UUID.randomUUID(),
                t.plusSeconds(5), now, "Search index rebuild", List.of("search"), t.minusSeconds(60), t.plusSeconds(5), true));
        send(Topics.MAINTENANCE_EVENTS, started);
        await().atMost(Duration.ofSeconds(20)).until(() -> !json("/api/v1/status").get("maintenance").toString()
                .contains("Search index rebuild"));
    }

    @Test
    void aComponentMayPublishItsAlertsOwnText() {
        UUID id = UUID.randomUUID();
        IncidentSummary s = new IncidentSummary(id, "INC-303", "Search results are slow", "TRIGGERED", "SEV2", "search", "g",
                1, 1, "", Instant.now());
        send(Topics.INCIDENT_EVENTS, attached(s, "none", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> activeIncident("Search results are slow") != null);
    }

    @Test
    void lowSeverityIncidentsStayOffThePublicPage() {
        UUID id = UUID.randomUUID();
        IncidentSummary s = new IncidentSummary(id, "INC-302", "Internal batch slow", "TRIGGERED", "SEV4", "search", "g",
                1, 1, "", Instant.now());
        send(Topics.INCIDENT_EVENTS, attached(s, "none", 1));
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.TimelineNoteAdded(UUID.randomUUID(), Instant.now(), s, "api:x", "marker"));
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#sre-oncall").stream()
                .anyMatch(c -> c.form().getOrDefault("text", "").contains("marker")));
        assertThat(json("/api/v1/status").toString()).doesNotContain("INC-302");
    }

    private JsonNode json(String path) {
        return TocsinJson.mapper().readTree(get(path).body());
    }

    private JsonNode activeIncident(String title) {
        for (JsonNode i : json("/api/v1/status").get("active")) {
            if (title.equals(i.get("title").asString())) {
                return i;
            }
        }
        return null;
    }

    private static JsonNode component(JsonNode status, String name) {
        for (JsonNode c : status.get("components")) {
            if (name.equals(c.get("name").asString())) {
                return c;
            }
        }
        throw new AssertionError("no component " + name + " in " + status);
    }
}
