package io.tocsin.incident.messaging;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.RestartableKafka;
import io.tocsin.common.test.TestPostgres;
import io.tocsin.common.test.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The broker goes away while a responder acknowledges: the change commits, its event waits in the outbox,
 * and it reaches incidents.events.v1 once the broker is back. Uses a broker of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=incident-service",
        "tocsin.api.tokens=responder-token=RESPONDER",
        "tocsin.incident.outbox-retry-interval=2s",
        "spring.cloud.stream.kafka.binder.producer-properties.max.block.ms=2000",
        "spring.cloud.stream.kafka.binder.producer-properties.request.timeout.ms=2000",
        "spring.cloud.stream.kafka.binder.producer-properties.delivery.timeout.ms=3000",
        "tocsin.incident.outbox-send-timeout=3s"})
class OutboxBrokerOutageIT {

    private static final RestartableKafka kafka = RestartableKafka.start();

    @LocalServerPort
    int port;

    @Autowired
    io.tocsin.incident.triage.Triage triage;

    @Autowired
    io.tocsin.incident.incident.ResponderActions responders;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("spring.cloud.stream.kafka.binder.brokers", kafka::bootstrapServers);
        // A database of its own: the shared context's outbox resubmitter must not send this test's events.
        TestPostgres.Database db = TestPostgres.newDatabase();
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
    }

    @Test
    void eventOfAChangeMadeDuringABrokerOutageIsPublishedWhenTheBrokerReturns() {
        String id = openedIncident("OutboxOutage", "00000000000000d1");

        kafka.stop();
        responders.acknowledge(id, "api:alice", null); // commits although Kafka is down
        assertThat(jdbc.sql("SELECT status FROM incident WHERE id = ?::uuid").param(id).query(String.class).single())
                .isEqualTo("ACKNOWLEDGED");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE ?")
                .param("%IncidentAcknowledged%").query(Long.class).single() > 0);

        kafka.restart();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> typesOf(id).contains("IncidentAcknowledged"));
        assertThat(typesOf(id).stream().filter("IncidentAcknowledged"::equals)).hasSize(1);
    }

    /**
     * With several instances (issue 17), a publication another live instance recorded is left to it, however long it
     * waits; when that instance dies (its lease ends), this instance adopts it and sends it once.
     */
    @Test
    void aPublicationOfAnotherLiveInstanceIsLeftToItAndAdoptedOnceThatInstanceDies() {
        String id = openedIncident("OutboxOwner", "00000000000000d2");

        kafka.stop();
        responders.acknowledge(id, "api:alice", null);
        String publication = "%IncidentAcknowledged%" + id + "%";
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(publication)));
        // Another instance recorded it and is still alive (its sender may be backed up behind the outage).
        jdbc.sql("INSERT INTO outbox_instance (instance, lease_until) VALUES ('incident-service-other', now() + interval '1 hour')")
                .update();
        jdbc.sql("UPDATE event_publication SET owner = 'incident-service-other' WHERE completion_date IS NULL AND serialized_event LIKE ?")
                .param(publication).update();
        // no resubmission of this instance's is in flight any more: it stays failed for longer than a send's timeout
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(status(publication)));

        kafka.restart();
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(15))
                .until(() -> !typesOf(id).contains("IncidentAcknowledged"));

        jdbc.sql("UPDATE outbox_instance SET lease_until = now() - interval '1 second' WHERE instance = 'incident-service-other'")
                .update();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> typesOf(id).contains("IncidentAcknowledged"));
        assertThat(typesOf(id).stream().filter("IncidentAcknowledged"::equals)).hasSize(1);
    }

    /** Opens an incident through triage and waits until its {@code IncidentOpened} is on the topic; its id. */
    private String openedIncident(String alertname, String fingerprint) {
        String group = "{}:{alertname=\"" + alertname + "\", run=\"" + UUID.randomUUID() + "\"}";
        triage.triage(IncidentConsumers.alert(new AlertReceived(UUID.randomUUID(), Instant.now(), fingerprint,
                AlertStatus.FIRING, Map.of("alertname", alertname), Map.of(), Instant.now(), null, "", group, "r", "",
                "alertmanager", Instant.now())));
        String id = jdbc.sql("SELECT id::text FROM incident WHERE group_key = ?").param(group).query(String.class).single();
        await().atMost(Duration.ofSeconds(30)).until(() -> typesOf(id).contains("IncidentOpened"));
        return id;
    }

    private String status(String serializedEventLike) {
        return jdbc.sql("SELECT status FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE ?")
                .param(serializedEventLike).query(String.class).optional().orElse(null);
    }

    private static java.util.List<String> typesOf(String incidentId) {
        return TopicReader.readAll(kafka.bootstrapServers(), Topics.INCIDENT_EVENTS).stream()
                .filter(r -> incidentId.equals(r.key()))
                .map(r -> TopicReader.header(r, "ce_type"))
                .toList();
    }

}
