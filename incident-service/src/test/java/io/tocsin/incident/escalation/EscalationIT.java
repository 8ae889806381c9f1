package io.tocsin.incident.escalation;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
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
 * The seed escalation matrix, with explicit instants: escalation exactly at the acknowledge target and
 * not before, one level per target interval, the last level repeating, stopped by an acknowledgement,
 * a missed resolve target recorded once, due times persisted on the incident row.
 */
class EscalationIT extends IncidentServiceIT {

    @Autowired
    Escalations incidents;
    @Autowired
    JdbcClient jdbc;

    private JsonNode open(String name, String severity) {
        String group = uniqueGroup(name);
        send(Topics.ALERTS, firing(group, Long.toHexString(UUID.randomUUID().getMostSignificantBits()), now(),
                Map.of("alertname", name, "severity", severity), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        return incidentsOfGroup(group).get(0);
    }

    private Instant nextEscalationAt(UUID id) {
        return jdbc.sql("SELECT next_escalation_at FROM incident WHERE id = ?").param(id)
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getTimestamp(1))).single()
                .map(Timestamp::toInstant).orElse(null);
    }

    @Test
    void escalatesExactlyAtTheTargetThenOncePerIntervalRepeatingTheLastLevel() {
        JsonNode incident = open("EscalateMe", "critical"); // SEV2: acknowledge within 15 min
        UUID id = UUID.fromString(incident.get("id").asString());
        String key = incident.get("key").asString();
        Instant opened = Instant.parse(incident.get("openedAt").asString());
        assertThat(nextEscalationAt(id)).isEqualTo(opened.plus(Duration.ofMinutes(15)));

        assertThat(incidents.escalateIfDue(id, opened.plus(Duration.ofMinutes(15)).minusMillis(1))).isFalse();
        assertThat(incidents.escalateIfDue(id, opened.plus(Duration.ofMinutes(15)))).isTrue();
        assertThat(incidents.escalateIfDue(id, opened.plus(Duration.ofMinutes(15)))).as("once per due time").isFalse();
        assertThat(nextEscalationAt(id)).as("persisted on the row").isEqualTo(opened.plus(Duration.ofMinutes(30)));
        assertThat(incidents.escalateIfDue(id, opened.plus(Duration.ofMinutes(29)))).isFalse();
        assertThat(incidents.escalateIfDue(id, opened.plus(Duration.ofMinutes(30)))).isTrue();
        assertThat(incidents.escalateIfDue(id, opened.plus(Duration.ofMinutes(45)))).isTrue();
        assertThat(incidents.escalateIfDue(id, opened.plus(Duration.ofMinutes(60)))).isTrue();

        List<JsonNode> escalations = entries(key, "incident.escalated");
        assertThat(escalations).extracting(e -> e.get("details").get("level").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(escalations).extracting(e -> e.get("details").get("target").asString())
                .containsExactly("#sre-oncall", "@team-leads", "@engineering-lead", "@engineering-lead");
        assertThat(escalations.getFirst().get("actor").asString()).isEqualTo("system");
        assertThat(escalations.getFirst().get("summary").asString())
                .isEqualTo("Escalated to level 1 (on-call: #sre-oncall): not acknowledged within 15 min (SEV2 target 15 min)");
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_EVENTS)
                .stream().filter(r -> id.toString().equals(r.key()))
                .filter(r -> "IncidentEscalated".equals(TopicReader.header(r, "ce_type"))).count() == 4);
        var first = TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_EVENTS).stream()
                .filter(r -> id.toString().equals(r.key()) && "IncidentEscalated".equals(TopicReader.header(r, "ce_type")))
                .map(r -> TocsinJson.mapper().readTree(r.value())).filter(n -> n.get("level").asInt() == 1).findFirst().orElseThrow();
        assertThat(first.get("target").asString()).isEqualTo("#sre-oncall");
    }

    @Test
    void acknowledgementStopsEscalation() {
        JsonNode incident = open("AckStopsIt", "critical");
        UUID id = UUID.fromString(incident.get("id").asString());
        Instant opened = Instant.parse(incident.get("openedAt").asString());
        post("/api/v1/incidents/" + incident.get("key").asString() + "/acknowledge", RESPONDER, "{\"by\":\"alice\"}");
        assertThat(nextEscalationAt(id)).isNull();
        assertThat(incidents.escalateIfDue(id, opened.plus(Duration.ofHours(2)))).isFalse();
        assertThat(entries(incident.get("key").asString(), "incident.escalated")).isEmpty();
    }

    @Test
    void missedResolveTargetIsRecordedOnceAndInfoIncidentsNeverEscalate() {
        JsonNode incident = open("SlowToResolve", "critical"); // SEV2: resolve within 4 h
        UUID id = UUID.fromString(incident.get("id").asString());
        Instant opened = Instant.parse(incident.get("openedAt").asString());
        assertThat(incidents.recordResolveBreachIfDue(id, opened.plus(Duration.ofHours(4)).minusMillis(1))).isFalse();
        assertThat(incidents.recordResolveBreachIfDue(id, opened.plus(Duration.ofHours(4)))).isTrue();
        assertThat(incidents.recordResolveBreachIfDue(id, opened.plus(Duration.ofHours(5)))).isFalse();
        List<JsonNode> missed = entries(incident.get("key").asString(), "incident.resolve_target_missed");
        assertThat(missed).hasSize(1);
        assertThat(missed.getFirst().get("summary").asString()).isEqualTo("Resolve target missed: not resolved within 4 h (SEV2)");

        JsonNode info = open("JustInfo", "info"); // SEV4: no targets
        assertThat(nextEscalationAt(UUID.fromString(info.get("id").asString()))).isNull();
    }

    @Test
    void raisingSeverityBringsTheDeadlineForward() {
        String group = uniqueGroup("GetsWorse");
        send(Topics.ALERTS, firing(group, "00000000000000d7", now(), Map.of("alertname", "GetsWorse", "severity", "warning"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        JsonNode incident = incidentsOfGroup(group).get(0);
        UUID id = UUID.fromString(incident.get("id").asString());
        Instant opened = Instant.parse(incident.get("openedAt").asString());
        assertThat(nextEscalationAt(id)).isEqualTo(opened.plus(Duration.ofHours(1))); // SEV3
        send(Topics.ALERTS, firing(group, "00000000000000d8", now(), Map.of("alertname", "GetsWorse", "severity", "critical",
                "instance", "b"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> opened.plus(Duration.ofMinutes(15)).equals(nextEscalationAt(id)));
    }
}
