package io.tocsin.incident.triage;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Alerts on alerts.v1 become incidents an auditor can read. */
class AlertTriageIT extends IncidentServiceIT {

    @Test
    void firingAlertOpensIncidentWithSeverityAndAlertmanagerActor() {
        String group = uniqueGroup("PostgresDown");
        AlertReceived alert = firing(group, "4eef62d58a841912", now(),
                Map.of("alertname", "PostgresDown", "service", "postgres", "severity", "critical"),
                Map.of("summary", "PG down"));
        send(Topics.ALERTS, alert);

        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        JsonNode incident = incidentsOfGroup(group).get(0);
        assertThat(incident.get("severity").asString()).isEqualTo("SEV2");
        assertThat(incident.get("status").asString()).isEqualTo("TRIGGERED");
        assertThat(incident.get("title").asString()).isEqualTo("PG down");
        assertThat(incident.get("key").asString()).startsWith("INC-");

        JsonNode details = json(get("/api/v1/incidents/" + incident.get("key").asString(), AUDITOR));
        assertThat(details.get("alerts")).hasSize(1);
        assertThat(details.get("alerts").get(0).get("fingerprint").asString()).isEqualTo("4eef62d58a841912");

        JsonNode timeline = json(get("/api/v1/incidents/" + incident.get("id").asString() + "/timeline", AUDITOR));
        assertThat(timeline.get(0).get("type").asString()).isEqualTo("incident.opened");
        assertThat(timeline.get(0).get("actor").asString()).isEqualTo("alertmanager");
        JsonNode verification = json(get("/api/v1/incidents/" + incident.get("key").asString() + "/timeline/verification", AUDITOR));
        assertThat(verification.get("valid").asBoolean()).isTrue();
    }

    @Test
    void redeliveredAndRepeatedAlertsCreateNothingNew() {
        String group = uniqueGroup("HighErrorRate");
        AlertReceived alert = firing(group, "f41350d2ca0fc90b", now(),
                Map.of("alertname", "HighErrorRate", "service", "payments", "severity", "warning"), Map.of());
        send(Topics.ALERTS, alert);
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();
        int entries = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR)).size();

        send(Topics.ALERTS, alert); // the same record again (redelivery)
        AlertReceived repeat = firing(group, alert.fingerprint(), alert.startsAt(), alert.labels(), alert.annotations());
        send(Topics.ALERTS, repeat); // Alertmanager's repeat notification: new eventId, same alert
        AlertReceived marker = firing(group, "0000000000000001", now(), Map.of("alertname", "Marker"), Map.of());
        send(Topics.ALERTS, marker); // same partition: once it is attached, the repeats were processed

        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(get("/api/v1/incidents/" + key, AUDITOR)).get("alerts").size() == 2);
        assertThat(incidentsOfGroup(group)).hasSize(1);
        // Only the marker added entries (alert.attached); the repeats added none.
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR))).hasSize(entries + 1);
    }

    @Test
    void incidentTakesWorstSeverityAndResolvesWhenEveryAlertResolves() {
        String group = uniqueGroup("DiskFull");
        AlertReceived warning = firing(group, "00000000000000a1", now(),
                Map.of("alertname", "DiskFull", "instance", "a", "severity", "warning"), Map.of());
        AlertReceived critical = firing(group, "00000000000000a2", now(),
                Map.of("alertname", "DiskFull", "instance", "b", "severity", "critical"), Map.of());
        send(Topics.ALERTS, warning);
        send(Topics.ALERTS, critical);
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1
                && "SEV2".equals(incidentsOfGroup(group).get(0).get("severity").asString()));
        String key = incidentsOfGroup(group).get(0).get("key").asString();
        JsonNode timeline = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR));
        assertThat(timeline.findValuesAsString("type")).contains("severity.changed");

        send(Topics.ALERTS, resolved(warning));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "resolved".equals(json(get("/api/v1/incidents/" + key, AUDITOR)).get("alerts").get(0).get("status").asString()));
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("status").asString()).isEqualTo("TRIGGERED");

        send(Topics.ALERTS, resolved(critical));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "RESOLVED".equals(json(get("/api/v1/incidents/" + key, AUDITOR)).get("status").asString()));
        JsonNode resolvedIncident = json(get("/api/v1/incidents/" + key, AUDITOR));
        assertThat(resolvedIncident.get("resolvedBy").asString()).isEqualTo("alertmanager");

        // Firing again (new startsAt) after resolution opens a new incident linked to the previous one.
        AlertReceived again = firing(group, critical.fingerprint(), Instant.now().plusSeconds(1), critical.labels(), Map.of());
        send(Topics.ALERTS, again);
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 2);
        JsonNode newest = json(get("/api/v1/incidents/" + incidentsOfGroup(group).get(0).get("key").asString(), AUDITOR));
        assertThat(newest.get("previousIncident").asString()).isEqualTo(key);
        JsonNode opening = json(get("/api/v1/incidents/" + newest.get("key").asString() + "/timeline", AUDITOR)).get(0);
        assertThat(opening.get("details").get("previousIncident").asString()).isEqualTo(key);
    }
}
