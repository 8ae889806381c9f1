package io.tocsin.incident.triage;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import io.tocsin.incident.incident.Alert;
import tools.jackson.databind.JsonNode;

/** Seed inhibition at incident level: while a critical incident of a service is open, its warnings become children. */
class InhibitionIT extends IncidentServiceIT {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Triage triage;
    @Autowired
    TransactionTemplate tx;

    private JsonNode open(String group, String name, String service, String severity) {
        send(Topics.ALERTS, firing(group, Long.toHexString(UUID.randomUUID().getMostSignificantBits()), now(),
                Map.of("alertname", name, "service", service, "severity", severity), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        return json(get("/api/v1/incidents/" + incidentsOfGroup(group).get(0).get("key").asString(), AUDITOR));
    }

    @Test
    void warningOfAServiceWithAnOpenCriticalIsAnInhibitedChild() {
        String service = "inhibit-" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode critical = open(uniqueGroup("DbDown"), "DbDown", service, "critical");
        JsonNode warning = open(uniqueGroup("SlowQueries"), "SlowQueries", service, "warning");

        assertThat(warning.get("parentIncident").asString()).isEqualTo(critical.get("key").asString());
        JsonNode inhibited = json(get("/api/v1/incidents/" + warning.get("key").asString() + "/timeline", AUDITOR));
        assertThat(inhibited.findValuesAsString("type")).contains("incident.inhibited");
        assertThat(json(get("/api/v1/incidents/" + critical.get("key").asString() + "/timeline", AUDITOR))
                .findValuesAsString("type")).contains("child.linked");
        assertThat(jdbc.sql("SELECT next_escalation_at IS NULL FROM incident WHERE id = ?::uuid")
                .param(warning.get("id").asString()).query(Boolean.class).single()).as("a child does not escalate").isTrue();

        String childId = warning.get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_EVENTS)
                .stream().anyMatch(r -> childId.equals(r.key()) && "IncidentOpened".equals(TopicReader.header(r, "ce_type"))));
        JsonNode opened = TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_EVENTS).stream()
                .filter(r -> childId.equals(r.key()) && "IncidentOpened".equals(TopicReader.header(r, "ce_type")))
                .map(r -> TocsinJson.mapper().readTree(r.value())).findFirst().orElseThrow();
        assertThat(opened.get("incident").get("parentIncidentKey").asString()).isEqualTo(critical.get("key").asString());

        JsonNode otherService = open(uniqueGroup("SlowQueries"), "SlowQueries", service + "-other", "warning");
        assertThat(otherService.get("parentIncident").isNull()).isTrue();
    }

    /**
     * Triage reads once per poll which services have an open SEV1/SEV2 incident; a critical incident the same poll
     * opened before the warning still inhibits it.
     */
    @Test
    void aCriticalOpenedEarlierInTheSamePollInhibitsTheWarning() {
        String service = "same-poll-" + UUID.randomUUID().toString().substring(0, 6);
        String criticalGroup = uniqueGroup("KafkaDown");
        String warningGroup = uniqueGroup("KafkaLag");
        Alert critical = alert(criticalGroup, "KafkaDown", service, "critical");
        Alert warning = alert(warningGroup, "KafkaLag", service, "warning");

        tx.executeWithoutResult(status -> {
            TriageBatch poll = triage.lookUp(List.of(warning, critical));
            triage.triage(critical, poll);
            triage.triage(warning, poll);
        });

        JsonNode parent = incidentsOfGroup(criticalGroup).get(0);
        JsonNode child = json(get("/api/v1/incidents/" + incidentsOfGroup(warningGroup).get(0).get("key").asString(), AUDITOR));
        assertThat(child.get("parentIncident").asString()).isEqualTo(parent.get("key").asString());
    }

    private static Alert alert(String group, String name, String service, String severity) {
        Instant at = Instant.now();
        return new Alert(UUID.randomUUID(), Long.toHexString(UUID.randomUUID().getMostSignificantBits()), Alert.Status.FIRING,
                Map.of("alertname", name, "service", service, "severity", severity), Map.of(), at, null, "", group, "tocsin",
                "", "alertmanager", at, at);
    }

    private List<JsonNode> events(String incidentId, String type) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_EVENTS).stream()
                .filter(r -> incidentId.equals(r.key()) && type.equals(TopicReader.header(r, "ce_type")))
                .map(r -> TocsinJson.mapper().readTree(r.value())).toList();
    }

    @Test
    void aChildThatStillFiresIsReleasedWhenItsParentResolves() {
        String service = "release-" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode critical = open(uniqueGroup("RedisDown"), "RedisDown", service, "critical");
        JsonNode child = open(uniqueGroup("RedisMemoryHigh"), "RedisMemoryHigh", service, "warning");
        String childKey = child.get("key").asString();
        String childId = child.get("id").asString();
        assertThat(child.get("parentIncident").asString()).isEqualTo(critical.get("key").asString());

        assertThat(post("/api/v1/incidents/" + critical.get("key").asString() + "/resolve", RESPONDER, "{\"by\":\"bob\"}")
                .statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> !entries(childKey, "incident.released").isEmpty());
        JsonNode released = json(get("/api/v1/incidents/" + childKey, AUDITOR));
        assertThat(released.get("parentIncident").isNull()).isTrue();
        assertThat(released.get("status").asString()).isEqualTo("TRIGGERED");
        JsonNode entry = entries(childKey, "incident.released").getFirst();
        assertThat(entry.get("actor").asString()).isEqualTo("system");
        assertThat(entry.get("details").get("parentIncident").asString()).isEqualTo(critical.get("key").asString());
        assertThat(entries(critical.get("key").asString(), "child.released")).hasSize(1);
        Instant escalatesAt = jdbc.sql("SELECT next_escalation_at FROM incident WHERE id = ?::uuid").param(childId)
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(escalatesAt).as("acknowledge timer started at release (SEV3: 1 h)")
                .isAfter(Instant.now().plus(Duration.ofMinutes(59)));

        await().atMost(Duration.ofSeconds(30)).until(() -> !events(childId, "IncidentInhibitionEnded").isEmpty());
        JsonNode event = events(childId, "IncidentInhibitionEnded").getFirst();
        assertThat(event.get("incident").hasNonNull("parentIncidentKey")).isFalse();
        assertThat(event.get("parentIncidentKey").asString()).isEqualTo(critical.get("key").asString());
        assertThat(event.get("firingAlerts")).hasSize(1);
        assertThat(event.get("firingAlerts").get(0).get("labels").get("alertname").asString()).isEqualTo("RedisMemoryHigh");
        assertThat(json(get("/api/v1/incidents/" + childKey + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();
    }

    @Test
    void aChildMovesToAnotherOpenCriticalOfItsServiceInsteadOfBeingReleased() {
        String service = "relink-" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode first = open(uniqueGroup("DbDown"), "DbDown", service, "critical");
        JsonNode second = open(uniqueGroup("DbReplicaDown"), "DbReplicaDown", service, "critical");
        JsonNode child = open(uniqueGroup("SlowQueries"), "SlowQueries", service, "warning");
        assertThat(child.get("parentIncident").asString()).isEqualTo(first.get("key").asString());

        assertThat(post("/api/v1/incidents/" + first.get("key").asString() + "/resolve", RESPONDER, "{\"by\":\"bob\"}")
                .statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> second.get("key").asString().equals(
                json(get("/api/v1/incidents/" + child.get("key").asString(), AUDITOR)).get("parentIncident").asString()));
        assertThat(entries(child.get("key").asString(), "incident.released")).isEmpty();
        assertThat(jdbc.sql("SELECT next_escalation_at IS NULL FROM incident WHERE id = ?::uuid")
                .param(child.get("id").asString()).query(Boolean.class).single()).isTrue();
    }
}
