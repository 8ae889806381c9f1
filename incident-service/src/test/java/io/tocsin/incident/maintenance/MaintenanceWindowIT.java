package io.tocsin.incident.maintenance;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TopicReader;
import io.tocsin.incident.escalation.Escalations;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Maintenance windows (ADMIN): matching alerts are recorded on incidents marked in maintenance, which do not
 * escalate or notify; a window's start and end are timeline entries on the incidents it covers.
 */
class MaintenanceWindowIT extends IncidentServiceIT {

    @Autowired
    Escalations incidents;
    @Autowired
    MaintenanceWindows windows;
    @Autowired
    JdbcClient jdbc;

    private static String window(String service, Instant startsAt, Instant endsAt) {
        return """
                {"matchers": [{"name": "service", "value": "%s"}, {"name": "env", "value": "prod|staging", "isRegex": true}],
                 %s "endsAt": "%s", "comment": "PostgreSQL upgrade CHG-1234"}"""
                .formatted(service, startsAt == null ? "" : "\"startsAt\": \"" + startsAt + "\",", endsAt);
    }

    private JsonNode openIncident(String service, String group) {
        send(Topics.ALERTS, firing(group, Long.toHexString(UUID.randomUUID().getMostSignificantBits()), now(),
                Map.of("alertname", "DbDown", "severity", "critical", "service", service, "env", "prod"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        return json(get("/api/v1/incidents/" + incidentsOfGroup(group).get(0).get("key").asString(), AUDITOR));
    }

    private Instant nextEscalationAt(UUID id) {
        return jdbc.sql("SELECT next_escalation_at FROM incident WHERE id = ?").param(id)
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getTimestamp(1))).single()
                .map(Timestamp::toInstant).orElse(null);
    }

    private List<JsonNode> events(UUID id, String type) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_EVENTS).stream()
                .filter(r -> id.toString().equals(r.key()) && type.equals(TopicReader.header(r, "ce_type")))
                .map(r -> TocsinJson.mapper().readTree(r.value())).toList();
    }

    @Test
    void anActiveWindowRecordsButNeitherEscalatesNorNotifiesUntilItIsEnded() {
        String service = "maint-" + UUID.randomUUID();
        HttpResponse<String> created = post("/api/v1/maintenance-windows", ADMIN,
                window(service, null, Instant.now().plus(Duration.ofHours(1))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode window = json(created);
        String windowId = window.get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/maintenance-windows/" + windowId);
        assertThat(window.get("state").asString()).isEqualTo("active");
        assertThat(window.get("createdBy").asString()).isEqualTo("api:token-3");
        assertThat(window.get("matchers").get(1).get("isRegex").asBoolean()).isTrue();
        assertThat(window.get("matchers").get(0).get("isEqual").asBoolean()).isTrue();

        JsonNode incident = openIncident(service, uniqueGroup("DbDown"));
        String key = incident.get("key").asString();
        UUID id = UUID.fromString(incident.get("id").asString());
        Instant opened = Instant.parse(incident.get("openedAt").asString());
        assertThat(incident.get("inMaintenance").asBoolean()).isTrue();
        assertThat(incident.get("maintenanceWindowId").asString()).isEqualTo(windowId);
        List<JsonNode> started = entries(key, "maintenance.started");
        assertThat(started).hasSize(1);
        assertThat(started.getFirst().get("summary").asString()).contains("PostgreSQL upgrade CHG-1234")
                .contains("service=\"" + service + "\"").contains("env=~\"prod|staging\"");
        assertThat(nextEscalationAt(id)).as("escalation paused").isNull();
        assertThat(incidents.escalateIfDue(id, opened.plus(Duration.ofHours(2)))).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> !events(id, "IncidentOpened").isEmpty());
        assertThat(events(id, "IncidentOpened").getFirst().get("incident").get("inMaintenance").asBoolean())
                .as("consumers see it and stay silent").isTrue();

        HttpResponse<String> ended = delete("/api/v1/maintenance-windows/" + windowId, ADMIN);
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(json(ended).get("state").asString()).isEqualTo("expired");
        assertThat(json(ended).get("endedEarlyBy").asString()).isEqualTo("api:token-3");
        Instant endedAt = Instant.parse(json(ended).get("endsAt").asString());

        JsonNode after = json(get("/api/v1/incidents/" + key, AUDITOR));
        assertThat(after.get("inMaintenance").asBoolean()).isFalse();
        assertThat(after.get("maintenanceWindowId").asString()).as("kept for the record").isEqualTo(windowId);
        assertThat(entries(key, "maintenance.ended")).hasSize(1);
        assertThat(nextEscalationAt(id)).as("SEV2 acknowledge target counted from the end").isEqualTo(endedAt.plus(Duration.ofMinutes(15)));
        assertThat(incidents.escalateIfDue(id, endedAt.plus(Duration.ofMinutes(15)))).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !events(id, "IncidentMaintenanceEnded").isEmpty());
        assertThat(events(id, "IncidentMaintenanceEnded").getFirst().get("incident").get("inMaintenance").asBoolean()).isFalse();

        assertThat(delete("/api/v1/maintenance-windows/" + windowId, ADMIN).statusCode()).as("again: nothing more").isEqualTo(200);
        assertThat(entries(key, "maintenance.ended")).hasSize(1);
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();
    }

    @Test
    void aWindowStartingLaterCoversMatchingOpenIncidentsWhenItStartsAndReleasesThemAtItsEnd() {
        String service = "maint-" + UUID.randomUUID();
        JsonNode covered = openIncident(service, uniqueGroup("DbDown"));
        JsonNode other = openIncident("other-" + UUID.randomUUID(), uniqueGroup("DbDown"));
        Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant end = start.plus(Duration.ofHours(2));
        HttpResponse<String> created = post("/api/v1/maintenance-windows", ADMIN, window(service, start, end));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID windowId = UUID.fromString(json(created).get("id").asString());
        assertThat(json(created).get("state").asString()).isEqualTo("pending");
        assertThat(json(get("/api/v1/maintenance-windows?state=pending", ADMIN)).get("items").toString()).contains(windowId.toString());
        String key = covered.get("key").asString();
        UUID id = UUID.fromString(covered.get("id").asString());
        assertThat(entries(key, "maintenance.started")).as("not before it starts").isEmpty();

        assertThat(windows.due(start.minusMillis(1), true)).doesNotContain(windowId);
        assertThat(windows.due(start, true)).contains(windowId);
        assertThat(windows.applyStart(windowId, start)).isEqualTo(1);
        assertThat(windows.applyStart(windowId, start)).as("once").isZero();
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("inMaintenance").asBoolean()).isTrue();
        assertThat(json(get("/api/v1/incidents/" + other.get("key").asString(), AUDITOR)).get("inMaintenance").asBoolean())
                .as("labels do not match").isFalse();
        assertThat(incidents.escalateIfDue(id, start.plus(Duration.ofMinutes(30)))).as("no escalation inside the window").isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> events(id, "IncidentMaintenanceStarted").size() == 1);
        assertThat(events(id, "IncidentMaintenanceStarted").getFirst().get("comment").asString()).isEqualTo("PostgreSQL upgrade CHG-1234");

        assertThat(windows.due(end.minusMillis(1), false)).doesNotContain(windowId);
        assertThat(windows.applyEnd(windowId, end)).isEqualTo(1);
        assertThat(windows.applyEnd(windowId, end)).as("once").isZero();
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("inMaintenance").asBoolean()).isFalse();
        assertThat(entries(key, "maintenance.started")).hasSize(1);
        assertThat(entries(key, "maintenance.ended")).hasSize(1);
        assertThat(nextEscalationAt(id)).isEqualTo(end.plus(Duration.ofMinutes(15)));
    }

    @Test
    void onlyAdminsManageWindowsAndBadInputIsNamed() {
        String body = window("svc", null, Instant.now().plus(Duration.ofHours(1)));
        assertThat(post("/api/v1/maintenance-windows", RESPONDER, body).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/maintenance-windows", AUDITOR).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/maintenance-windows", null, body).statusCode()).isEqualTo(401);

        Map<String, String> bad = Map.of(
                "{\"endsAt\": \"2099-01-01T00:00:00Z\", \"comment\": \"x\"}", "matchers",
                "{\"matchers\": [{\"name\": \"\", \"value\": \"a\"}], \"endsAt\": \"2099-01-01T00:00:00Z\", \"comment\": \"x\"}",
                "matchers[0]",
                "{\"matchers\": [{\"name\": \"env\", \"value\": \"(\", \"isRegex\": true}], \"endsAt\": \"2099-01-01T00:00:00Z\", \"comment\": \"x\"}",
                "not a valid regular expression",
                "{\"matchers\": [{\"name\": \"env\", \"value\": \"a\"}], \"endsAt\": \"tomorrow\", \"comment\": \"x\"}", "endsAt",
                "{\"matchers\": [{\"name\": \"env\", \"value\": \"a\"}], \"endsAt\": \"2001-01-01T00:00:00Z\", \"comment\": \"x\"}",
                "endsAt must be in the future",
                "{\"matchers\": [{\"name\": \"env\", \"value\": \"a\"}], \"startsAt\": \"2099-02-01T00:00:00Z\", \"endsAt\": \"2099-01-01T00:00:00Z\", \"comment\": \"x\"}",
                "endsAt must be after startsAt",
                "{\"matchers\": [{\"name\": \"env\", \"value\": \"a\"}], \"endsAt\": \"2099-01-01T00:00:00Z\"}", "comment",
                "{\"matchers\": [{\"name\": \"env\", \"value\": \"a\"}], \"endsAt\": \"2099-01-01T00:00:00Z\", \"comment\": \"x\","
                        + " \"public\": {\"title\": \" \"}}", "public.title");
        int before = json(get("/api/v1/maintenance-windows", ADMIN)).get("items").size();
        bad.forEach((json, names) -> {
            HttpResponse<String> r = post("/api/v1/maintenance-windows", ADMIN, json);
            assertThat(r.statusCode()).as(json).isEqualTo(400);
            assertThat(json(r).get("error").asString()).isEqualTo("bad_request");
            assertThat(json(r).get("message").asString()).as(json).contains(names);
        });
        assertThat(json(get("/api/v1/maintenance-windows", ADMIN)).get("items").size()).as("nothing half-written").isEqualTo(before);
        assertThat(get("/api/v1/maintenance-windows/" + UUID.randomUUID(), ADMIN).statusCode()).isEqualTo(404);
        assertThat(delete("/api/v1/maintenance-windows/" + UUID.randomUUID(), ADMIN).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/maintenance-windows/not-a-uuid", ADMIN).statusCode()).isEqualTo(400);
    }

    @Test
    void aWindowAnnouncedToCustomersIsPublishedForTheStatusPageAndAgainWhenEndedEarly() {
        String service = "announced-" + UUID.randomUUID();
        Instant start = Instant.now().plus(Duration.ofHours(2));
        String body = """
                {"matchers": [{"name": "service", "value": "%s"}], "startsAt": "%s", "endsAt": "%s",
                 "comment": "PostgreSQL 17 upgrade, CHG-1234",
                 "public": {"title": "Database upgrade", "components": ["checkout", "billing"]}}"""
                .formatted(service, start, start.plus(Duration.ofHours(2)));
        HttpResponse<String> created = post("/api/v1/maintenance-windows", ADMIN, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String windowId = json(created).get("id").asString();
        assertThat(json(created).get("public").get("title").asString()).isEqualTo("Database upgrade");
        assertThat(json(get("/api/v1/maintenance-windows/" + windowId, ADMIN)).get("public").get("components").size()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(30)).until(() -> announcements(windowId).size() == 1);
        JsonNode announced = announcements(windowId).getFirst();
        assertThat(announced.get("title").asString()).isEqualTo("Database upgrade");
        assertThat(announced.get("components").toString()).isEqualTo("[\"checkout\",\"billing\"]");
        assertThat(announced.get("endedEarly").asBoolean()).isFalse();

        assertThat(delete("/api/v1/maintenance-windows/" + windowId, ADMIN).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> announcements(windowId).size() == 2);
        assertThat(announcements(windowId).get(1).get("endedEarly").asBoolean()).isTrue();
    }

    /** What the notifier reads of one window on {@code maintenance.events.v1}, in order. */
    private static java.util.List<JsonNode> announcements(String windowId) {
        return io.tocsin.common.test.TopicReader.readAll(io.tocsin.common.test.TestKafka.bootstrapServers(),
                        io.tocsin.contracts.messages.Topics.MAINTENANCE_EVENTS).stream()
                .filter(r -> windowId.equals(r.key()))
                .map(r -> io.tocsin.contracts.json.TocsinJson.mapper().readTree(r.value())).toList();
    }
}
