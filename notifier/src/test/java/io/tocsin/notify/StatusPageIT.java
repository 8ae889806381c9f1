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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Customers see affected components, active incidents with phased updates and history; nothing unescaped. */
class StatusPageIT extends NotifierIT {

    @Test
    void activeSev2IncidentShowsPartialOutageOfItsComponentWithUpdates() {
        UUID id = UUID.randomUUID();
        IncidentSummary s = new IncidentSummary(id, "INC-301", "Payments <script>alert(1)</script> failing", "TRIGGERED",
                "SEV2", "payments", "g", 1, 1, "", Instant.now().minusSeconds(120));
        // the alert's labels route it to its component
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.AlertsAttached(UUID.randomUUID(), Instant.now(), s,
                java.util.List.of(new IncidentEvent.AttachedAlert("00000000000003a1", Instant.now(), AlertStatus.FIRING,
                        Map.of("alertname", "PaymentsDown", "service", "payments", "status_page_component", "billing"),
                        Map.of(), ""))));
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentAcknowledged(UUID.randomUUID(), Instant.now(),
                new IncidentSummary(id, "INC-301", s.title(), "ACKNOWLEDGED", "SEV2", "payments", "g", 1, 1, "",
                        s.openedAt()), "slack:U1"));

        await().atMost(Duration.ofSeconds(20)).until(() -> json("/api/v1/status").get("active").size() >= 1
                && activeIncident("INC-301") != null && activeIncident("INC-301").get("updates").size() == 2);
        JsonNode status = json("/api/v1/status");
        assertThat(component(status, "billing").get("status").asString()).isEqualTo("partial_outage");
        assertThat(component(status, "search").get("status").asString()).isEqualTo("operational");
        assertThat(status.get("status").asString()).isIn("partial_outage", "major_outage"); // other tests' incidents count too
        JsonNode incident = activeIncident("INC-301");
        assertThat(incident.get("phase").asString()).isEqualTo("identified");
        assertThat(incident.get("updates").get(0).get("phase").asString()).isEqualTo("identified");
        assertThat(incident.get("updates").get(1).get("message").asString())
                .startsWith("We're investigating an issue affecting billing that started at");

        String html = get("/status").body();
        assertThat(html).contains("<title>Service status</title>", "Partial outage", "Card payments and refunds",
                "Payments &lt;script&gt;alert(1)&lt;/script&gt; failing", "Identified")
                .doesNotContain("<script>");
        assertThat(get("/status").headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
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

    private JsonNode activeIncident(String key) {
        for (JsonNode i : json("/api/v1/status").get("active")) {
            if (key.equals(i.get("key").asString())) {
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
