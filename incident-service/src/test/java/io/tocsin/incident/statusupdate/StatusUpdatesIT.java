package io.tocsin.incident.statusupdate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TopicReader;
import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.IncidentCommand;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.incident.IncidentServiceIT;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Customer updates written by people (seeds 002, 004): {@code POST /api/v1/incidents/{id}/status-updates} and the
 * {@code PostStatusUpdate} command record a {@code status.updated} entry by the person and publish
 * {@code IncidentStatusUpdated} for the notifier.
 */
class StatusUpdatesIT extends IncidentServiceIT {

    @Test
    void aResponderWritesACustomerUpdateThatReachesTheTimelineAndTheEvents() {
        HttpResponse<String> declared = post("/api/v1/incidents", RESPONDER,
                "{\"title\":\"Card payments failing\",\"severity\":\"SEV2\",\"service\":\"payments\",\"by\":\"alice\"}");
        String key = json(declared).get("key").asString();
        String id = json(declared).get("id").asString();
        String next = Instant.now().plus(Duration.ofMinutes(30)).toString();

        HttpResponse<String> update = post("/api/v1/incidents/" + key + "/status-updates", RESPONDER, """
                {"status":"Identified","message":"A bad deploy; rolling back.","impact":"EU cards, 1 in 8",
                 "workaround":"Retry later","nextUpdateAt":"%s","title":"Card payments failing for some customers",
                 "by":"carol"}""".formatted(next));
        assertThat(update.statusCode()).as(update.body()).isEqualTo(201);
        assertThat(json(update).get("status").asString()).isEqualTo("identified");
        send(Topics.INCIDENT_COMMANDS, new IncidentCommand.PostStatusUpdate(UUID.randomUUID(), Instant.now(), key,
                "slack:U0CAROL", "monitoring", "Rolled back; watching.", null, null, null, null));

        await().atMost(Duration.ofSeconds(30)).until(() -> entries(key, "status.updated").size() == 2);
        List<JsonNode> entries = entries(key, "status.updated");
        assertThat(entries.getFirst().get("actor").asString()).isEqualTo("api:carol");
        assertThat(entries.getFirst().get("details").get("impact").asString()).isEqualTo("EU cards, 1 in 8");
        assertThat(entries.getFirst().get("details").get("nextUpdateAt").asString()).isEqualTo(next);
        assertThat(entries.get(1).get("actor").asString()).isEqualTo("slack:U0CAROL");
        assertThat(entries.get(1).get("summary").asString()).isEqualTo("Status update (monitoring) by slack:U0CAROL: Rolled back; watching.");

        await().atMost(Duration.ofSeconds(30)).until(() -> statusEvents(id).size() == 2);
        JsonNode event = statusEvents(id).getFirst();
        assertThat(event.get("publicTitle").asString()).isEqualTo("Card payments failing for some customers");
        assertThat(event.get("workaround").asString()).isEqualTo("Retry later");
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();
    }

    @Test
    void badUpdatesAreRefusedNamingTheField() {
        String key = json(post("/api/v1/incidents", RESPONDER, "{\"title\":\"x\",\"severity\":\"SEV3\"}")).get("key").asString();
        assertThat(post("/api/v1/incidents/" + key + "/status-updates", RESPONDER, "{\"status\":\"fixed\",\"message\":\"m\"}")
                .body()).contains("status");
        assertThat(post("/api/v1/incidents/" + key + "/status-updates", RESPONDER, "{\"status\":\"identified\"}")
                .statusCode()).isEqualTo(400);
        HttpResponse<String> past = post("/api/v1/incidents/" + key + "/status-updates", RESPONDER,
                "{\"status\":\"identified\",\"message\":\"m\",\"nextUpdateAt\":\"2020-01-01T00:00:00Z\"}");
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(past.body()).contains("nextUpdateAt");
        assertThat(post("/api/v1/incidents/INC-999999999/status-updates", RESPONDER,
                "{\"status\":\"identified\",\"message\":\"m\"}").statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/incidents/" + key + "/status-updates", AUDITOR,
                "{\"status\":\"identified\",\"message\":\"m\"}").statusCode()).isEqualTo(403);
    }

    private static List<JsonNode> statusEvents(String incidentId) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_EVENTS).stream()
                .filter(r -> incidentId.equals(r.key()) && "IncidentStatusUpdated".equals(TopicReader.header(r, "ce_type")))
                .map(r -> TocsinJson.mapper().readTree(r.value())).toList();
    }
}
