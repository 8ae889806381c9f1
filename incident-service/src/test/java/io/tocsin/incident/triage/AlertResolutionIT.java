package io.tocsin.incident.triage;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Resolved notifications that carry another {@code startsAt} than the firing alert Tocsin holds, as a real
 * Alertmanager sends them when it replaced the alert (an end before the stored start, a restart without
 * persistence, Prometheus re-firing with a new ActiveAt): the firing episodes of the same fingerprint end too
 * (docs/adr/0007-resolved-alerts-match-by-fingerprint.md).
 */
class AlertResolutionIT extends IncidentServiceIT {

    private static AlertReceived resolvedAs(AlertReceived firing, Instant startsAt, Instant endsAt, Instant receivedAt) {
        return new AlertReceived(UUID.randomUUID(), receivedAt, firing.fingerprint(), AlertStatus.RESOLVED, firing.labels(),
                firing.annotations(), startsAt, endsAt, firing.generatorURL(), firing.groupKey(), firing.receiver(),
                firing.externalURL(), firing.source(), receivedAt);
    }

    private JsonNode incident(String key) {
        return json(get("/api/v1/incidents/" + key, AUDITOR));
    }

    @Test
    void resolvedNotificationOfAReplacedAlertResolvesTheFiringAlertOfItsFingerprint() {
        String group = uniqueGroup("ReplacedAlert");
        Instant firedAt = now();
        AlertReceived fire = firing(group, "0000000000e0a001", firedAt,
                Map.of("alertname", "ReplacedAlert", "service", "db", "severity", "critical"), Map.of());
        send(Topics.ALERTS, fire);
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();

        // amtool alert add … --end=<5 s ago>, 3 s later: Alertmanager stores it with startsAt = endsAt = firedAt - 2 s.
        Instant end = firedAt.minusSeconds(2);
        AlertReceived resolved = resolvedAs(fire, end, end, firedAt.plusSeconds(3));
        send(Topics.ALERTS, resolved);

        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(incident(key).get("status").asString()));
        assertThat(incident(key).get("resolvedBy").asString()).isEqualTo("alertmanager");
        assertThat(incident(key).get("alerts").get(0).get("status").asString()).isEqualTo("resolved");
        List<JsonNode> entries = entries(key, "alert.resolved");
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().get("details").get("matchedBy").asString()).isEqualTo("fingerprint");
        assertThat(Instant.parse(entries.getFirst().get("details").get("startsAt").asString())).isEqualTo(firedAt);
        int timeline = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR)).size();

        // Alertmanager repeats the resolved notification and Kafka redelivers it: nothing changes.
        send(Topics.ALERTS, resolved);
        send(Topics.ALERTS, resolvedAs(fire, end, end, Instant.now()));
        AlertReceived marker = firing(group, "0000000000e0a0ff", now(), Map.of("alertname", "Marker"), Map.of());
        send(Topics.ALERTS, marker); // same partition: once it is triaged, so are the repeats
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 2);
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR))).hasSize(timeline);
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();
    }

    @Test
    void resolvingARefiredEpisodeAlsoEndsTheEarlierOneStillFiring() {
        String group = uniqueGroup("Refired");
        Map<String, String> labels = Map.of("alertname", "Refired", "service", "api", "severity", "warning");
        AlertReceived first = firing(group, "0000000000e0a002", now().minusSeconds(120), labels, Map.of());
        AlertReceived refired = firing(group, first.fingerprint(), now().minusSeconds(30), labels, Map.of());
        send(Topics.ALERTS, first);
        send(Topics.ALERTS, refired); // Prometheus restarted: a new ActiveAt, no resolution of the first
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1
                && incident(incidentsOfGroup(group).get(0).get("key").asString()).get("alerts").size() == 2);
        String key = incidentsOfGroup(group).get(0).get("key").asString();

        send(Topics.ALERTS, resolved(refired));

        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(incident(key).get("status").asString()));
        assertThat(incident(key).get("alerts").findValuesAsString("status")).containsOnly("resolved");
        assertThat(entries(key, "alert.resolved")).hasSize(2);
    }

    @Test
    void anEpisodeThatStartedAfterTheResolvedNotificationStaysFiring() {
        String group = uniqueGroup("NewEpisode");
        Map<String, String> labels = Map.of("alertname", "NewEpisode", "service", "api", "severity", "warning");
        Instant t = now();
        AlertReceived newEpisode = firing(group, "0000000000e0a003", t, labels, Map.of());
        send(Topics.ALERTS, newEpisode);
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();

        // A late resolved notification of an older episode Tocsin never saw, received before the new one started.
        Instant old = t.minusSeconds(600);
        send(Topics.ALERTS, resolvedAs(newEpisode, old, t.minusSeconds(300), t.minusSeconds(10)));
        AlertReceived marker = firing(group, "0000000000e0a0fe", now(), Map.of("alertname", "Marker"), Map.of());
        send(Topics.ALERTS, marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> incident(key).get("alerts").size() == 2);

        assertThat(incident(key).get("status").asString()).isEqualTo("TRIGGERED");
        assertThat(incident(key).get("alerts").get(0).get("status").asString()).isEqualTo("firing");
        assertThat(entries(key, "alert.resolved")).isEmpty();
    }
}
