package io.tocsin.incident.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.alerts.Fingerprints;
import io.tocsin.contracts.messages.AlertAcknowledged;
import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.incident.IncidentServiceIT;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Alerts that PagerDuty Events API v2 clients send (alert-ingest's {@code /v2/enqueue}): named by {@code dedup_key}
 * alone, so a repeated trigger is the same alert, an acknowledgement acknowledges the incident it fires on, and a
 * resolve carrying only the keys ends it wherever it fires.
 */
class PagerDutyAlertsIT extends IncidentServiceIT {

    @Test
    void aRepeatedTriggerIsTheSameAlertAndAnAcknowledgementAcknowledgesItsIncident() {
        String dedupKey = "disk/" + UUID.randomUUID();
        Map<String, String> identity = Map.of("dedup_key", dedupKey, "service", "payments");
        String fingerprint = Fingerprints.of(identity);
        String groupKey = "pagerduty:payments:" + dedupKey;
        send(Topics.ALERTS, trigger(fingerprint, groupKey, dedupKey, now().minusSeconds(60)));
        send(Topics.ALERTS, trigger(fingerprint, groupKey, dedupKey, now())); // PagerDuty deduplicates this one
        send(Topics.ALERTS, new AlertAcknowledged(UUID.randomUUID(), Instant.now(), fingerprint, identity, groupKey,
                "pagerduty", "pagerduty:Zabbix", Instant.now()));

        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(groupKey).size() == 1
                && "ACKNOWLEDGED".equals(incidentsOfGroup(groupKey).get(0).get("status").asString()));
        String key = incidentsOfGroup(groupKey).get(0).get("key").asString();
        JsonNode incident = json(get("/api/v1/incidents/" + key, AUDITOR));
        assertThat(incident.get("acknowledgedBy").asString()).isEqualTo("pagerduty:Zabbix");
        assertThat(incident.get("severity").asString()).as("error → SEV2, as PagerDuty's high urgency").isEqualTo("SEV2");
        assertThat(incident.get("alerts")).hasSize(1);
        assertThat(entries(key, "alert.attached")).hasSize(1);
        assertThat(entries(key, "incident.acknowledged").getFirst().get("actor").asString()).isEqualTo("pagerduty:Zabbix");

        // A second acknowledgement (the tool repeats it) changes nothing; the resolve ends the alert and the incident.
        send(Topics.ALERTS, new AlertAcknowledged(UUID.randomUUID(), Instant.now(), fingerprint, identity, groupKey,
                "pagerduty", "pagerduty:Zabbix", Instant.now()));
        send(Topics.ALERTS, resolve(fingerprint, groupKey, identity));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(json(get("/api/v1/incidents/" + key, AUDITOR))
                .get("status").asString()));
        assertThat(entries(key, "incident.acknowledged")).hasSize(1);
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();
    }

    @Test
    void aResolveWhoseGroupingKeyDiffersEndsTheAlertWhereItsFingerprintFires() {
        String dedupKey = "latency/" + UUID.randomUUID();
        Map<String, String> identity = Map.of("dedup_key", dedupKey, "service", "search");
        String fingerprint = Fingerprints.of(identity);
        String groupKey = "pagerduty:search:" + dedupKey;
        send(Topics.ALERTS, trigger(fingerprint, groupKey, dedupKey, now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(groupKey).size() == 1);
        String key = incidentsOfGroup(groupKey).get(0).get("key").asString();

        // With group-by labels the resolve (only the routing and dedup keys known) computes another grouping key.
        send(Topics.ALERTS, resolve(fingerprint, groupKey + ":as-grouped-otherwise", identity));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(json(get("/api/v1/incidents/" + key, AUDITOR))
                .get("status").asString()));
    }

    @Test
    void anAcknowledgementOfAnAlertThatFiresNowhereChangesNothing() {
        String dedupKey = "never/" + UUID.randomUUID();
        Map<String, String> identity = Map.of("dedup_key", dedupKey, "service", "search");
        String groupKey = "pagerduty:search:" + dedupKey;
        send(Topics.ALERTS, new AlertAcknowledged(UUID.randomUUID(), Instant.now(), Fingerprints.of(identity), identity,
                groupKey, "pagerduty", "pagerduty:search", Instant.now()));
        // A trigger after it on the same partition: once it opened, the acknowledgement was applied (as nothing).
        send(Topics.ALERTS, trigger(Fingerprints.of(identity), groupKey, dedupKey, now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(groupKey).size() == 1);
        assertThat(incidentsOfGroup(groupKey).get(0).get("status").asString()).isEqualTo("TRIGGERED");
    }

    private static AlertReceived trigger(String fingerprint, String groupKey, String dedupKey, Instant startsAt) {
        return new AlertReceived(UUID.randomUUID(), Instant.now(), fingerprint, AlertStatus.FIRING,
                Map.of("alertname", "disk", "service", groupKey.split(":")[1], "severity", "error", "dedup_key", dedupKey,
                        "source", "db-1"),
                Map.of("summary", "Disk full on db-1"), startsAt, null, "", groupKey, "pagerduty", "", "pagerduty", Instant.now());
    }

    private static AlertReceived resolve(String fingerprint, String groupKey, Map<String, String> identity) {
        Instant now = Instant.now();
        return new AlertReceived(UUID.randomUUID(), now, fingerprint, AlertStatus.RESOLVED, identity, Map.of(), now, now, "",
                groupKey, "pagerduty", "", "pagerduty", now);
    }
}
