package io.tocsin.incident.incident;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.IncidentCommand;
import io.tocsin.contracts.messages.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Responders acknowledge, resolve and annotate through the API and through incidents.commands.v1. */
class ResponderActionsIT extends IncidentServiceIT {

    private String openIncident(String name) {
        String group = uniqueGroup(name);
        AlertReceived alert = firing(group, Long.toHexString(UUID.randomUUID().getMostSignificantBits()), now(),
                Map.of("alertname", name, "service", "api", "severity", "critical"), Map.of());
        send(Topics.ALERTS, alert);
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        return incidentsOfGroup(group).get(0).get("key").asString();
    }

    @Test
    void responderAcknowledgesThroughApiAndTimelineShowsWhoAndWhen() {
        String key = openIncident("ApiLatencyHigh");
        Instant before = Instant.now().minusSeconds(1);

        var response = post("/api/v1/incidents/" + key + "/acknowledge", RESPONDER, "{\"by\":\"alice\",\"note\":\"on it\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode incident = json(response);
        assertThat(incident.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(incident.get("acknowledgedBy").asString()).isEqualTo("api:alice");
        JsonNode timeline = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR));
        JsonNode ack = timeline.get(timeline.size() - 1);
        assertThat(ack.get("type").asString()).isEqualTo("incident.acknowledged");
        assertThat(ack.get("actor").asString()).isEqualTo("api:alice");
        assertThat(ack.get("details").get("note").asString()).isEqualTo("on it");
        assertThat(Instant.parse(ack.get("at").asString())).isAfter(before);
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();
    }

    @Test
    void peopleRaiseAndLowerTheSeverityWithAReasonOnTheTimelineFromTheApiAndFromSlack() {
        String key = openIncident("CheckoutDegraded"); // critical: SEV2

        JsonNode raised = json(post("/api/v1/incidents/" + key + "/severity", RESPONDER,
                "{\"severity\":\"SEV1\",\"reason\":\"checkout down in every region\",\"by\":\"alice\"}"));
        assertThat(raised.get("severity").asString()).isEqualTo("SEV1");
        JsonNode entry = entries(key, "severity.changed").getLast();
        assertThat(entry.get("actor").asString()).isEqualTo("api:alice");
        assertThat(entry.get("summary").asString()).isEqualTo("Severity raised from SEV2 to SEV1 by api:alice: checkout down in every region");

        // From Slack (the notifier's command): down again, as the blast radius turns out small.
        send(Topics.INCIDENT_COMMANDS, new io.tocsin.contracts.messages.IncidentCommand.ChangeSeverity(UUID.randomUUID(),
                Instant.now(), key, "slack:U0BOB0001", "SEV3", "only the EU canary is affected"));
        await().atMost(Duration.ofSeconds(30)).until(() -> entries(key, "severity.changed").size() == 2);
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("severity").asString()).isEqualTo("SEV3");
        assertThat(entries(key, "severity.changed").getLast().get("summary").asString())
                .isEqualTo("Severity lowered from SEV1 to SEV3 by slack:U0BOB0001: only the EU canary is affected");

        assertThat(json(post("/api/v1/incidents/" + key + "/severity", RESPONDER, "{\"severity\":\"P1\",\"reason\":\"x\"}"))
                .get("message").asString()).isEqualTo("severity: must be SEV1, SEV2, SEV3 or SEV4, was 'P1'");
        assertThat(post("/api/v1/incidents/" + key + "/severity", RESPONDER, "{\"severity\":\"SEV1\"}").statusCode())
                .isEqualTo(400);
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();
    }

    @Test
    void metricsShowIncidentsOpenedAndTimeToAcknowledgeAtEscalationTargets() {
        String key = openIncident("MetricsCheck");
        post("/api/v1/incidents/" + key + "/acknowledge", RESPONDER, "{}");
        String metrics = get("/actuator/prometheus", null, "text/plain").body();
        assertThat(metrics).contains("tocsin_incidents_opened_total{application=\"incident-service\",severity=\"SEV2\"}")
                .contains("tocsin_incident_time_to_acknowledge_seconds_bucket{application=\"incident-service\",le=\"300.0\"}")
                .contains("tocsin_incident_time_to_resolve_seconds_count")
                .contains("tocsin_alerts_triaged_total");
    }

    @Test
    void rejectsAcknowledgingResolvedIncidentWithConflictAndNoTimelineEntry() {
        String key = openIncident("QueueBacklog");
        assertThat(post("/api/v1/incidents/" + key + "/resolve", RESPONDER, "{\"by\":\"bob\"}").statusCode()).isEqualTo(200);
        int entries = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR)).size();

        var response = post("/api/v1/incidents/" + key + "/acknowledge", RESPONDER, "{\"by\":\"alice\"}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("error").asString()).isEqualTo("illegal_transition");
        assertThat(json(response).get("message").asString()).isEqualTo("cannot acknowledge " + key + ": it is RESOLVED");
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR))).hasSize(entries);
    }

    @Test
    void auditorMayReadButNotChangeAndStrangersMayDoNeither() {
        String key = openIncident("CacheMissRate");
        var forbidden = post("/api/v1/incidents/" + key + "/acknowledge", AUDITOR, "{}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(json(forbidden).get("error").asString()).isEqualTo("forbidden");
        var anonymous = get("/api/v1/incidents/" + key, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).get("error").asString()).isEqualTo("unauthorized");
        assertThat(get("/api/v1/incidents/" + key, "wrong-token").statusCode()).isEqualTo(401);
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("status").asString()).isEqualTo("TRIGGERED");
        assertThat(get("/api/v1/incidents/" + key, "admin-token").statusCode()).isEqualTo(200);
    }

    @Test
    void noteNeedsTextAndUnknownIncidentIs404() {
        String key = openIncident("DiskLatency");
        var blank = post("/api/v1/incidents/" + key + "/notes", RESPONDER, "{\"by\":\"alice\"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(json(blank).get("message").asString()).startsWith("note:");
        assertThat(post("/api/v1/incidents/" + key + "/notes", RESPONDER, "{\"by\":\"alice\",\"note\":\"failover started\"}")
                .statusCode()).isEqualTo(200);
        JsonNode timeline = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR));
        assertThat(timeline.get(timeline.size() - 1).get("summary").asString()).isEqualTo("failover started");

        var missing = get("/api/v1/incidents/INC-999999999", AUDITOR);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asString()).isEqualTo("not_found");
        assertThat(get("/api/v1/incidents/not-a-key", AUDITOR).statusCode()).isEqualTo(404);
    }

    @Test
    void slackAcknowledgementOnKafkaIsAppliedOnceEvenWhenRedelivered() {
        String key = openIncident("PaymentsDown");
        var command = new IncidentCommand.AcknowledgeIncident(UUID.randomUUID(), Instant.now(), key, "slack:U123", null);

        send(Topics.INCIDENT_COMMANDS, command);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "ACKNOWLEDGED".equals(json(get("/api/v1/incidents/" + key, AUDITOR)).get("status").asString()));
        int entries = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR)).size();

        send(Topics.INCIDENT_COMMANDS, command); // redelivery: same eventId
        var note = new IncidentCommand.AddTimelineNote(UUID.randomUUID(), Instant.now(), key, "slack:U123", "marker");
        send(Topics.INCIDENT_COMMANDS, note); // same key → same partition, processed after the redelivery
        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR)).size() == entries + 1);

        JsonNode timeline = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR));
        assertThat(timeline.findValuesAsString("type").stream().filter("incident.acknowledged"::equals)).hasSize(1);
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("acknowledgedBy").asString()).isEqualTo("slack:U123");
    }

    @Test
    void illegalCommandOnKafkaChangesNothingAndDoesNotBlockThePartition() {
        String key = openIncident("WorkerCrashLoop");
        post("/api/v1/incidents/" + key + "/resolve", RESPONDER, "{}");
        int entries = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR)).size();

        send(Topics.INCIDENT_COMMANDS, new IncidentCommand.AcknowledgeIncident(UUID.randomUUID(), Instant.now(), key,
                "slack:U999", null));
        send(Topics.INCIDENT_COMMANDS, new IncidentCommand.AddTimelineNote(UUID.randomUUID(), Instant.now(), key,
                "slack:U999", "post-mortem scheduled"));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR)).size() == entries + 1);
        JsonNode last = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR)).get(entries);
        assertThat(last.get("type").asString()).isEqualTo("note.added");
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("status").asString()).isEqualTo("RESOLVED");
    }
}
