package io.tocsin.incident.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TopicReader;
import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.incident.IncidentServiceIT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Paging by the on-call escalation policy of {@code oncall/oncall-it.yml} (policy {@code paging-it}: the
 * {@code paging} schedule at once, Bob and user group S0LEADS01 after 5 minutes, Carol after 10 more), driven through
 * the service: an alert opens the incident, time moves by handing later instants to the escalation (as the scheduler
 * does with its clock), and an auditor reads who was paged from the hash-chained timeline; consumers get the pages on
 * {@code IncidentEscalated}.
 */
class OnCallPagingIT extends IncidentServiceIT {

    @Autowired
    Escalations escalations;

    @Test
    void levelOnePagesAtOnceLevelTwoAfterFiveMinutesAndARepeatedScanPagesNobodyTwice() {
        Opened incident = open("PagingLevels");
        // Level 1 is due at the opening: the scheduler's next scan pages it (or this call does; one of them, once).
        escalations.escalateIfDue(incident.id(), incident.opened().plusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> entries(incident.key(), "page.sent").size() == 1);
        assertThat(escalations.escalateIfDue(incident.id(), incident.opened().plus(Duration.ofMinutes(5)).minusMillis(1)))
                .as("level 2 is not due before 5 minutes").isFalse();

        assertThat(escalations.escalateIfDue(incident.id(), incident.opened().plus(Duration.ofMinutes(5)))).isTrue();
        assertThat(escalations.escalateIfDue(incident.id(), incident.opened().plus(Duration.ofMinutes(5)))).as("a second scan")
                .isFalse();

        List<JsonNode> pages = entries(incident.key(), "page.sent");
        assertThat(pages).extracting(p -> p.get("details").get("level").asInt() + " " + p.get("summary").asString())
                .containsExactly("1 Paged Alice Example (schedule paging) at level 1",
                        "2 Paged Bob Example (person bob) at level 2",
                        "2 Paged user group S0LEADS01 at level 2");
        JsonNode alice = pages.getFirst().get("details");
        assertThat(alice.get("person").asString()).isEqualTo("alice");
        assertThat(alice.get("slackUserId").asString()).isEqualTo("U0ALICE01");
        assertThat(alice.get("policy").asString()).isEqualTo("paging-it");
        assertThat(alice.get("outcome").asString()).isEqualTo("paged");
        assertThat(json(get("/api/v1/incidents/" + incident.key() + "/timeline/verification", AUDITOR)).get("valid").asBoolean())
                .isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() -> escalatedEvents(incident.id()).size() == 2);
        IncidentEvent.IncidentEscalated second = escalatedEvents(incident.id()).get(1);
        assertThat(second.pages()).extracting(IncidentEvent.Page::slackUserId, IncidentEvent.Page::slackUserGroupId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("U0BOB0001", null),
                        org.assertj.core.groups.Tuple.tuple(null, "S0LEADS01"));
        assertThat(second.target()).isEqualTo("person bob, user group S0LEADS01");
    }

    @Test
    void anAcknowledgementStopsThePagingAndTheLastLevelComesWithinFifteenMinutesOtherwise() {
        Opened acked = open("PagingAcked");
        escalations.escalateIfDue(acked.id(), acked.opened().plusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> entries(acked.key(), "page.sent").size() == 1);
        assertThat(post("/api/v1/incidents/" + acked.key() + "/acknowledge", RESPONDER, "{\"by\":\"alice\"}").statusCode())
                .isEqualTo(200);
        assertThat(escalations.escalateIfDue(acked.id(), acked.opened().plus(Duration.ofMinutes(30)))).isFalse();
        assertThat(entries(acked.key(), "page.sent")).hasSize(1);

        Opened ignored = open("PagingIgnored");
        escalations.escalateIfDue(ignored.id(), ignored.opened().plusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> entries(ignored.key(), "page.sent").size() == 1);
        assertThat(escalations.escalateIfDue(ignored.id(), ignored.opened().plus(Duration.ofMinutes(5)))).isTrue();
        assertThat(escalations.escalateIfDue(ignored.id(), ignored.opened().plus(Duration.ofMinutes(15)))).isTrue();
        assertThat(entries(ignored.key(), "page.sent")).last().satisfies(p -> assertThat(p.get("details").get("person")
                .asString()).isEqualTo("carol"));
        assertThat(escalations.escalateIfDue(ignored.id(), ignored.opened().plus(Duration.ofHours(2))))
                .as("the policy has no repeat: paging ends at its last level").isFalse();
    }

    @Test
    void theResponseTimeReportGivesMttaPerPersonWhoAcknowledgedAndPerScheduleFirstPaged() {
        Opened incident = open("PagingReport");
        escalations.escalateIfDue(incident.id(), incident.opened().plusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> entries(incident.key(), "page.sent").size() == 1);
        // Alice acknowledges from Slack: the notifier sends her Slack id as the actor.
        send(Topics.INCIDENT_COMMANDS, new io.tocsin.contracts.messages.IncidentCommand.AcknowledgeIncident(UUID.randomUUID(),
                Instant.now(), incident.key(), "slack:U0ALICE01", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> entries(incident.key(), "incident.acknowledged").size() == 1);

        JsonNode byPerson = json(get("/api/v1/reports/response-times?groupBy=acknowledger", AUDITOR));
        JsonNode alice = group(byPerson, "Alice Example (alice)");
        assertThat(alice.get("acknowledged").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(alice.get("mtta").get("p50").isNull()).isFalse();

        JsonNode bySchedule = json(get("/api/v1/reports/response-times?groupBy=schedule", AUDITOR));
        assertThat(group(bySchedule, "paging").get("incidents").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(get("/api/v1/reports/response-times?groupBy=team", AUDITOR).statusCode()).isEqualTo(400);
    }

    @Test
    void aPolicyThatWaitsForCoveragePagesWhenTheScheduleNextCoversNotBefore() {
        Opened incident = open("PagingWait", "paging-wait");
        // A Tuesday noon after the opening: schedule weekly-window covers Mondays 09:00-10:00 UTC only.
        java.time.ZonedDateTime tuesday = incident.opened().atZone(java.time.ZoneOffset.UTC).plusDays(1)
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.TUESDAY)).withHour(12).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Instant monday = tuesday.with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY)).withHour(9)
                .toInstant();

        assertThat(escalations.escalateIfDue(incident.id(), tuesday.toInstant())).as("deferred, not escalated").isFalse();
        JsonNode deferred = entries(incident.key(), "incident.escalation_deferred").getFirst().get("details");
        assertThat(deferred.get("until").asString()).isEqualTo(monday.toString());
        assertThat(entries(incident.key(), "page.sent")).isEmpty();
        assertThat(escalations.escalateIfDue(incident.id(), monday.minusSeconds(1))).isFalse();

        assertThat(escalations.escalateIfDue(incident.id(), monday)).isTrue();
        assertThat(entries(incident.key(), "page.sent")).singleElement().satisfies(p ->
                assertThat(p.get("details").get("person").asString()).isEqualTo("carol"));
    }

    private static JsonNode group(JsonNode report, String name) {
        return report.get("groups").valueStream().filter(g -> name.equals(g.get("group").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + name + " in " + report));
    }

    private record Opened(UUID id, String key, Instant opened) {
    }

    private Opened open(String name) {
        return open(name, "paging-it");
    }

    private Opened open(String name, String service) {
        String group = uniqueGroup(name);
        send(Topics.ALERTS, firing(group, Long.toHexString(UUID.randomUUID().getMostSignificantBits()), now(),
                Map.of("alertname", name, "severity", "critical", "service", service), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        JsonNode incident = incidentsOfGroup(group).get(0);
        return new Opened(UUID.fromString(incident.get("id").asString()), incident.get("key").asString(),
                Instant.parse(incident.get("openedAt").asString()));
    }

    private static List<IncidentEvent.IncidentEscalated> escalatedEvents(UUID incident) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_EVENTS).stream()
                .filter(r -> incident.toString().equals(r.key()))
                .map(r -> TocsinJson.mapper().readValue(r.value(), IncidentEvent.class))
                .filter(IncidentEvent.IncidentEscalated.class::isInstance)
                .map(IncidentEvent.IncidentEscalated.class::cast)
                .toList();
    }
}
