package io.tocsin.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.common.json.TocsinJson;
import io.tocsin.common.messages.Topics;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TopicReader;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Seed inhibition at incident level: while a critical incident of a service is open, its warnings become children. */
class InhibitionIT extends IncidentServiceIT {

    @Autowired
    JdbcClient jdbc;

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
}
