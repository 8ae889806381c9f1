package io.tocsin.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.common.test.KafkaInfrastructure;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TopicReader;
import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * With {@code TOCSIN_INCIDENT_GROUP_BY} set, one Alertmanager group can hold alerts of several incidents and one
 * incident alerts of several groups: each record is keyed by its alert's grouping key, so that all alerts of one
 * incident reach one partition and one incident-service consumer (issue 17).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=alert-ingest",
        "tocsin.ingest.tokens=test-token",
        "TOCSIN_INCIDENT_GROUP_BY=service, instance"})
@ContextConfiguration(initializers = KafkaInfrastructure.class)
class GroupingKeyRecordsIT {

    private static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void eachRecordIsKeyedByItsAlertsGroupingKeyInAlertmanagersNotation() throws Exception {
        String groupKey = "{}:{alertname=\"it\", run=\"" + UUID.randomUUID() + "\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/alerts/alertmanager"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer test-token")
                .POST(HttpRequest.BodyPublishers.ofString(AlertmanagerWebhookIT.sampleWithGroupKey("firing-group.json",
                        groupKey))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(TestKafka.bootstrapServers(), Topics.ALERTS)
                .stream().filter(r -> groupKey.equals(TocsinJson.mapper().readTree(r.value()).get("groupKey").asString()))
                .toList();
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(
                "{instance=\"a\", service=\"payments\"}", "{instance=\"b\", service=\"payments\"}");
    }
}
