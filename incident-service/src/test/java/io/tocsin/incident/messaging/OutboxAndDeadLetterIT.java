package io.tocsin.incident.messaging;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Incident events leave through the outbox after commit; poison messages go to the DLQ without blocking. */
class OutboxAndDeadLetterIT extends IncidentServiceIT {

    @Test
    void openingAnIncidentPublishesEventsKeyedByIncidentIdWithCloudEventHeaders() {
        String group = uniqueGroup("BackupTooOld");
        send(Topics.ALERTS, firing(group, "00000000000000b1", now(),
                Map.of("alertname", "BackupTooOld", "service", "backup", "severity", "warning"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String id = incidentsOfGroup(group).get(0).get("id").asString();

        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(id).size() >= 2);
        List<ConsumerRecord<String, byte[]>> events = eventsOf(id);
        assertThat(events).extracting(r -> TopicReader.header(r, "ce_type"))
                .containsExactlyInAnyOrder("IncidentOpened", "AlertsAttached");
        for (ConsumerRecord<String, byte[]> record : events) {
            JsonNode body = TocsinJson.mapper().readTree(record.value());
            assertThat(TopicReader.header(record, "ce_id")).isEqualTo(body.get("eventId").asString());
            assertThat(TopicReader.header(record, "ce_source")).isEqualTo("/tocsin/incident-service");
            assertThat(body.get("incident").get("severity").asString()).isEqualTo("SEV3");
        }
    }

    @Test
    void everyAlertIsAnnouncedExactlyOnceFiringAndOnceResolvedInAlertsAttached() {
        String group = uniqueGroup("DiskFull");
        List<AlertReceived> alerts = IntStream.range(0, 20).mapToObj(i -> firing(group, String.format("%016x", 0xe0 + i),
                now(), Map.of("alertname", "DiskFull", "service", "storage", "instance", "host-" + i), Map.of())).toList();
        alerts.forEach(a -> send(Topics.ALERTS, a));
        alerts.forEach(a -> send(Topics.ALERTS, resolved(a)));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String id = incidentsOfGroup(group).get(0).get("id").asString();

        await().atMost(Duration.ofSeconds(30)).until(() -> announced(id, "resolved").size() == 20
                && eventsOf(id, "IncidentResolved").size() == 1);
        List<String> fingerprints = alerts.stream().map(AlertReceived::fingerprint).toList();
        assertThat(announced(id, "firing")).containsExactlyInAnyOrderElementsOf(fingerprints);
        assertThat(announced(id, "resolved")).containsExactlyInAnyOrderElementsOf(fingerprints);
        assertThat(eventsOf(id, "IncidentOpened")).hasSize(1);
        assertThat(eventsOf(id, "AlertAttached")).as("no event per alert").isEmpty();
        JsonNode last = eventsOf(id, "AlertsAttached").stream().map(OutboxAndDeadLetterIT::body)
                .filter(b -> b.get("incident").get("firingCount").asInt() == 0).findFirst().orElseThrow();
        assertThat(last.get("incident").get("alertCount").asInt()).isEqualTo(20);
        assertSummariesFollowTheAlertsAnnounced(eventsOf(id, "AlertsAttached"));
    }

    @Test
    void eachIncidentsEventsLeaveInTheOrderTheyWereRecorded() {
        List<String> groups = IntStream.range(0, 12).mapToObj(g -> uniqueGroup("Order" + g)).toList();
        List<AlertReceived> alerts = IntStream.range(0, 8).boxed().flatMap(i -> groups.stream().map(group -> firing(group,
                String.format("%08x%08x", group.hashCode(), i), now(),
                Map.of("alertname", "Order", "group", group, "instance", "host-" + i), Map.of()))).toList();
        // Interleaved, so that each poll's transaction records events of many incidents.
        alerts.forEach(a -> send(Topics.ALERTS, a));
        alerts.forEach(a -> send(Topics.ALERTS, resolved(a)));
        await().atMost(Duration.ofSeconds(30)).until(() -> groups.stream().allMatch(g -> incidentsOfGroup(g).size() == 1));
        List<String> ids = groups.stream().map(g -> incidentsOfGroup(g).get(0).get("id").asString()).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, List<ConsumerRecord<String, byte[]>>> events = eventsByIncident();
            return ids.stream().allMatch(id -> events.getOrDefault(id, List.of()).stream()
                    .anyMatch(r -> "IncidentResolved".equals(TopicReader.header(r, "ce_type"))));
        });

        Map<String, List<ConsumerRecord<String, byte[]>>> eventsByIncident = eventsByIncident();
        for (String id : ids) {
            List<ConsumerRecord<String, byte[]>> events = eventsByIncident.get(id);
            assertThat(events).extracting(r -> TopicReader.header(r, "ce_type")).as("incident %s", id)
                    .startsWith("IncidentOpened").endsWith("IncidentResolved");
            assertSummariesFollowTheAlertsAnnounced(events.stream()
                    .filter(r -> "AlertsAttached".equals(TopicReader.header(r, "ce_type"))).toList());
        }
    }

    @Test
    void malformedAlertGoesToDeadLetterTopicAndLaterAlertsStillFlow() {
        String group = uniqueGroup("Poison");
        byte[] poison = "{\"type\":\"AlertReceived\",\"eventId\":\"not-a-uuid\"".getBytes(StandardCharsets.UTF_8);
        send(Topics.ALERTS, group, poison);
        send(Topics.ALERTS, firing(group, "00000000000000c1", now(), Map.of("alertname", "AfterPoison"), Map.of()));

        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(TestKafka.bootstrapServers(),
                "alerts.v1.incident-service.dlq").stream().anyMatch(r -> group.equals(r.key())));
    }

    @Test
    void alertTheDatabaseRejectsIsDeadLetteredAloneWhileTheAlertsAroundItAreStored() {
        String group = uniqueGroup("NulLabel");
        AlertReceived before = firing(group, "00000000000000d1", now(), Map.of("alertname", "BeforeNul"), Map.of());
        // PostgreSQL's jsonb refuses \u0000: this alert decodes fine but can never be stored.
        AlertReceived rejected = firing(group, "00000000000000d2", now(), Map.of("alertname", "Nul", "detail", "a\u0000b"),
                Map.of());
        AlertReceived after = firing(group, "00000000000000d3", now(), Map.of("alertname", "AfterNul"), Map.of());
        send(Topics.ALERTS, before);
        send(Topics.ALERTS, rejected);
        send(Topics.ALERTS, after);

        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(TestKafka.bootstrapServers(),
                "alerts.v1.incident-service.dlq").stream().anyMatch(r -> group.equals(r.key())
                && new String(r.value(), StandardCharsets.UTF_8).contains(rejected.eventId().toString())));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1
                && json(get("/api/v1/incidents/" + incidentsOfGroup(group).get(0).get("key").asString(), AUDITOR))
                .get("alerts").size() == 2);
        JsonNode alerts = json(get("/api/v1/incidents/" + incidentsOfGroup(group).get(0).get("key").asString(), AUDITOR))
                .get("alerts");
        assertThat(alerts).extracting(a -> a.get("fingerprint").asString())
                .containsExactlyInAnyOrder("00000000000000d1", "00000000000000d3");
    }

    /** The fingerprints that the incident's {@code AlertsAttached} events carried with {@code status}, in order. */
    private static List<String> announced(String incidentId, String status) {
        return eventsOf(incidentId, "AlertsAttached").stream()
                .flatMap(r -> body(r).get("alerts").valueStream())
                .filter(a -> status.equals(a.get("alertStatus").asString()))
                .map(a -> a.get("fingerprint").asString())
                .toList();
    }

    private static List<ConsumerRecord<String, byte[]>> eventsOf(String incidentId, String type) {
        return eventsOf(incidentId).stream().filter(r -> type.equals(TopicReader.header(r, "ce_type"))).toList();
    }

    private static JsonNode body(ConsumerRecord<String, byte[]> record) {
        return TocsinJson.mapper().readTree(record.value());
    }

    /** Every incident's events in topic order, by incident id (the record key). */
    private static Map<String, List<ConsumerRecord<String, byte[]>>> eventsByIncident() {
        return TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_EVENTS).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key));
    }

    private static List<ConsumerRecord<String, byte[]>> eventsOf(String incidentId) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_EVENTS).stream()
                .filter(r -> incidentId.equals(r.key()))
                .toList();
    }

    /** Each event's summary, in topic order, is the incident's state right after the alerts it and those before carry. */
    private static void assertSummariesFollowTheAlertsAnnounced(List<ConsumerRecord<String, byte[]>> alertsAttached) {
        Set<String> attached = new HashSet<>();
        Set<String> firing = new HashSet<>();
        for (ConsumerRecord<String, byte[]> event : alertsAttached) {
            JsonNode body = body(event);
            body.get("alerts").valueStream().forEach(a -> {
                attached.add(a.get("fingerprint").asString());
                if ("firing".equals(a.get("alertStatus").asString())) {
                    firing.add(a.get("fingerprint").asString());
                } else {
                    firing.remove(a.get("fingerprint").asString());
                }
            });
            assertThat(body.get("incident").get("alertCount").asInt()).as("alertCount").isEqualTo(attached.size());
            assertThat(body.get("incident").get("firingCount").asInt()).as("firingCount").isEqualTo(firing.size());
        }
    }
}
