package io.tocsin.incident.triage;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TopicReader;
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
 * The flapping rule (default as in Alerta: more than 2 state changes in 30 minutes): the second change still
 * resolves and reopens as usual, the third marks the incident flapping and holds it open; later firings join it
 * instead of opening new incidents; flapping ends, and the held resolution happens, after a whole quiet window.
 */
class FlappingIT extends IncidentServiceIT {

    @Autowired
    FlappingEnd flapping;
    @Autowired
    JdbcClient jdbc;

    private AlertReceived firingAt(String group, String fingerprint, Instant startsAt) {
        return firing(group, fingerprint, startsAt, Map.of("alertname", "Flappy", "severity", "warning", "service", "flappy"),
                Map.of());
    }

    private JsonNode incident(String key) {
        return json(get("/api/v1/incidents/" + key, AUDITOR));
    }

    private Instant lastStateChange(UUID id) {
        return jdbc.sql("SELECT max(greatest(attached_at, resolved_at)) FROM alert WHERE incident_id = ?").param(id)
                .query(Timestamp.class).single().toInstant();
    }

    private long events(UUID id, String type) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_EVENTS).stream()
                .filter(r -> id.toString().equals(r.key()) && type.equals(TopicReader.header(r, "ce_type"))).count();
    }

    @Test
    void thirdChangeHoldsTheIncidentOpenUntilAWholeWindowIsQuiet() {
        String group = uniqueGroup("Flappy");
        String fingerprint = Long.toHexString(UUID.randomUUID().getMostSignificantBits());
        Instant t0 = now().minusSeconds(60);

        AlertReceived first = firingAt(group, fingerprint, t0);
        send(Topics.ALERTS, first);
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        send(Topics.ALERTS, resolved(first)); // change 1: resolves as usual
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(incidentsOfGroup(group).get(0).get("status").asString()));
        String firstKey = incidentsOfGroup(group).get(0).get("key").asString();

        AlertReceived second = firingAt(group, fingerprint, t0.plusSeconds(10));
        send(Topics.ALERTS, second); // change 2: not more than 2, so a follow-up incident opens as usual
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 2);
        JsonNode followUp = incidentsOfGroup(group).get(0);
        String key = followUp.get("key").asString();
        UUID id = UUID.fromString(followUp.get("id").asString());
        assertThat(entries(key, "incident.flapping_started")).as("2 changes are not flapping").isEmpty();

        send(Topics.ALERTS, resolved(second)); // change 3: flapping, held open
        await().atMost(Duration.ofSeconds(30)).until(() -> entries(key, "incident.held_open").size() == 1);
        List<JsonNode> started = entries(key, "incident.flapping_started");
        assertThat(started).hasSize(1);
        assertThat(started.getFirst().get("actor").asString()).isEqualTo("system");
        assertThat(started.getFirst().get("details").get("changes").asInt()).isEqualTo(3);
        assertThat(started.getFirst().get("summary").asString())
                .isEqualTo("Flapping: alert Flappy changed state 3 times within 30 min; held open and notifications "
                        + "throttled until it is quiet for 30 min");
        assertThat(incident(key).get("status").asString()).isEqualTo("TRIGGERED");
        assertThat(incident(key).get("flappingSince").isNull()).isFalse();

        AlertReceived third = firingAt(group, fingerprint, t0.plusSeconds(20));
        send(Topics.ALERTS, third); // joins the held incident instead of opening a third
        await().atMost(Duration.ofSeconds(30)).until(() -> incident(key).get("alerts").size() == 2);
        send(Topics.ALERTS, resolved(third));
        await().atMost(Duration.ofSeconds(30)).until(() -> entries(key, "incident.held_open").size() == 2);
        assertThat(incidentsOfGroup(group)).hasSize(2);
        assertThat(entries(key, "incident.flapping_started")).as("started once").hasSize(1);
        assertThat(entries(firstKey, "incident.flapping_started")).isEmpty();

        Instant quietFrom = lastStateChange(id);
        Duration window = Duration.ofMinutes(30);
        assertThat(flapping.endIfQuiet(id, quietFrom.plus(window).minusMillis(1))).isFalse();
        assertThat(incident(key).get("status").asString()).isEqualTo("TRIGGERED");
        assertThat(flapping.endIfQuiet(id, quietFrom.plus(window))).isTrue();
        assertThat(flapping.endIfQuiet(id, quietFrom.plus(window))).as("once").isFalse();

        JsonNode resolved = incident(key);
        assertThat(resolved.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("system");
        assertThat(resolved.has("flappingSince") && !resolved.get("flappingSince").isNull()).isFalse();
        assertThat(entries(key, "incident.flapping_ended")).hasSize(1);
        assertThat(entries(key, "incident.resolved").getFirst().get("details").get("reason").asString()).isEqualTo("flapping_ended");
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() -> events(id, "IncidentResolved") == 1 && events(id, "IncidentFlappingEnded") == 1);
        assertThat(events(id, "IncidentFlappingStarted")).isEqualTo(1);
        assertThat(events(id, "IncidentOpened")).isEqualTo(1);
    }

    @Test
    void flappingThatEndsWhileTheAlertFiresLeavesTheIncidentOpen() {
        String group = uniqueGroup("Flappy");
        String fingerprint = Long.toHexString(UUID.randomUUID().getMostSignificantBits());
        Instant t0 = now().minusSeconds(60);
        AlertReceived first = firingAt(group, fingerprint, t0);
        AlertReceived second = firingAt(group, fingerprint, t0.plusSeconds(10));
        AlertReceived third = firingAt(group, fingerprint, t0.plusSeconds(20));
        send(Topics.ALERTS, first);
        send(Topics.ALERTS, resolved(first));
        send(Topics.ALERTS, second);
        send(Topics.ALERTS, resolved(second));
        send(Topics.ALERTS, third);
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 2
                && incident(incidentsOfGroup(group).get(0).get("key").asString()).get("alerts").size() == 2);
        JsonNode held = incidentsOfGroup(group).get(0);
        String key = held.get("key").asString();
        UUID id = UUID.fromString(held.get("id").asString());

        assertThat(flapping.endIfQuiet(id, lastStateChange(id).plus(Duration.ofMinutes(30)))).isTrue();
        JsonNode after = incident(key);
        assertThat(after.get("status").asString()).as("its alert still fires").isEqualTo("TRIGGERED");
        assertThat(entries(key, "incident.flapping_ended")).hasSize(1);
        assertThat(entries(key, "incident.resolved")).isEmpty();
    }
}
