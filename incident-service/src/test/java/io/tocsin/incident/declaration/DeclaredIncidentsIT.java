package io.tocsin.incident.declaration;

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
 * Incidents people declare and lead (issue 19, seed 004): {@code POST /api/v1/incidents} and the
 * {@code DeclareIncident} command open an incident with no alert that escalates by its severity; {@code AssignRole} and
 * {@code POST …/roles} name the incident lead and the communications lead, each a timeline entry by the person.
 */
class DeclaredIncidentsIT extends IncidentServiceIT {

    @Test
    void aResponderDeclaresAnIncidentThroughTheApiOnceHoweverOftenTheRequestIsRetried() {
        String id = UUID.randomUUID().toString();
        String body = """
                {"id":"%s","title":"EU customers cannot pay","severity":"sev2","service":"payments",
                 "description":"Support has 14 tickets since 09:40","by":"alice"}""".formatted(id);
        HttpResponse<String> declared = post("/api/v1/incidents", RESPONDER, body);
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        JsonNode incident = json(declared);
        String key = incident.get("key").asString();
        assertThat(declared.headers().firstValue("Location")).hasValue("/api/v1/incidents/" + key);
        assertThat(incident.get("severity").asString()).isEqualTo("SEV2");
        assertThat(incident.get("status").asString()).isEqualTo("TRIGGERED");
        assertThat(incident.get("declaredBy").asString()).isEqualTo("api:alice");

        HttpResponse<String> retried = post("/api/v1/incidents", RESPONDER, body);
        assertThat(json(retried).get("key").asString()).isEqualTo(key);

        JsonNode timeline = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR));
        assertThat(timeline.get(0).get("type").asString()).isEqualTo("incident.opened");
        assertThat(timeline.get(0).get("actor").asString()).isEqualTo("api:alice");
        assertThat(timeline.get(0).get("summary").asString())
                .isEqualTo("Incident " + key + " declared by api:alice: EU customers cannot pay (SEV2)");
        assertThat(timeline.get(1).get("summary").asString()).isEqualTo("Support has 14 tickets since 09:40");
        JsonNode read = json(get("/api/v1/incidents/" + key, AUDITOR));
        assertThat(read.get("service").asString()).isEqualTo("payments");
        assertThat(read.get("alerts")).isEmpty();

        await().atMost(Duration.ofSeconds(30)).until(() -> openedEvent(id) != null);
        assertThat(openedEvent(id).get("declaredBy").asString()).isEqualTo("api:alice");
    }

    @Test
    void badDeclarationsAreRefusedNamingTheField() {
        assertThat(post("/api/v1/incidents", AUDITOR, "{\"title\":\"x\",\"severity\":\"SEV3\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> noTitle = post("/api/v1/incidents", RESPONDER, "{\"severity\":\"SEV3\"}");
        assertThat(noTitle.statusCode()).isEqualTo(400);
        assertThat(noTitle.body()).contains("title");
        HttpResponse<String> badSeverity = post("/api/v1/incidents", RESPONDER, "{\"title\":\"x\",\"severity\":\"SEV9\"}");
        assertThat(badSeverity.statusCode()).isEqualTo(400);
        assertThat(badSeverity.body()).contains("severity");

        // An id that names an incident an alert opened is not a retry of a declaration.
        String group = uniqueGroup("NotDeclared");
        send(Topics.ALERTS, firing(group, "00000000000d0c01", now(), java.util.Map.of("alertname", "NotDeclared"),
                java.util.Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String taken = incidentsOfGroup(group).get(0).get("id").asString();
        HttpResponse<String> clash = post("/api/v1/incidents", RESPONDER,
                "{\"id\":\"" + taken + "\",\"title\":\"x\",\"severity\":\"SEV3\"}");
        assertThat(clash.statusCode()).isEqualTo(400);
        assertThat(clash.body()).contains("id: " + taken + " already names");
    }

    @Test
    void aDeclarationFromSlackOpensTheIncidentAndRolesAreAssignedByPeople() {
        String id = UUID.randomUUID().toString();
        IncidentCommand.DeclareIncident declare = new IncidentCommand.DeclareIncident(UUID.randomUUID(), Instant.now(), id,
                "slack:U0ALICE", "SEV1", "Checkout down in all regions", "checkout", null);
        send(Topics.INCIDENT_COMMANDS, declare);
        send(Topics.INCIDENT_COMMANDS, declare); // redelivered
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/incidents/" + id, AUDITOR).statusCode() == 200);
        String key = json(get("/api/v1/incidents/" + id, AUDITOR)).get("key").asString();

        send(Topics.INCIDENT_COMMANDS, new IncidentCommand.AssignRole(UUID.randomUUID(), Instant.now(), key, "slack:U0ALICE",
                "lead", "slack:U0BOB"));
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/api/v1/incidents/" + key + "/roles", AUDITOR)).has("lead"));
        HttpResponse<String> comms = post("/api/v1/incidents/" + key + "/roles", RESPONDER,
                "{\"role\":\"comms\",\"assignee\":\"slack:U0CAROL\",\"by\":\"bob\"}");
        assertThat(comms.statusCode()).as(comms.body()).isEqualTo(200);
        JsonNode roles = json(comms);
        assertThat(roles.get("lead").get("assignee").asString()).isEqualTo("slack:U0BOB");
        assertThat(roles.get("lead").get("assignedBy").asString()).isEqualTo("slack:U0ALICE");
        assertThat(roles.get("comms").get("assignee").asString()).isEqualTo("slack:U0CAROL");
        assertThat(post("/api/v1/incidents/" + key + "/roles", RESPONDER, "{\"role\":\"scribe\",\"assignee\":\"x\"}")
                .statusCode()).isEqualTo(400);

        List<JsonNode> assigned = entries(key, "role.assigned");
        assertThat(assigned).extracting(e -> e.get("actor").asString()).containsExactly("slack:U0ALICE", "api:bob");
        assertThat(assigned.getFirst().get("summary").asString()).isEqualTo("slack:U0BOB is incident lead (assigned by slack:U0ALICE)");
        assertThat(entries(key, "incident.opened")).hasSize(1);
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();
    }

    /** The {@code IncidentOpened} event of an incident, as consumers read it; {@code null} until it is published. */
    private static JsonNode openedEvent(String incidentId) {
        for (var record : TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_EVENTS)) {
            if (incidentId.equals(record.key()) && "IncidentOpened".equals(TopicReader.header(record, "ce_type"))) {
                return TocsinJson.mapper().readTree(record.value());
            }
        }
        return null;
    }
}
