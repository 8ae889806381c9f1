package io.tocsin.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.KafkaInfrastructure;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TopicReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** The Alertmanager receiver as Alertmanager sees it: 202 after the broker acks, a 4xx that publishes nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=alert-ingest",
        "tocsin.ingest.tokens=test-token, other-token",
        "tocsin.ingest.max-body-size=64KB"})
@ContextConfiguration(initializers = KafkaInfrastructure.class)
class AlertmanagerWebhookIT {

    private static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void acceptedNotificationPublishesOneRecordPerAlertKeyedByGroupKeyWithCloudEventHeaders() throws Exception {
        String groupKey = unique();
        HttpResponse<String> response = post(sampleWithGroupKey("firing-group.json", groupKey), "Bearer test-token",
                "application/json");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"accepted\":2}");
        List<ConsumerRecord<String, byte[]>> records = recordsOf(groupKey);
        assertThat(records).hasSize(2);
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode body = TocsinJson.mapper().readTree(record.value());
            assertThat(record.key()).isEqualTo(groupKey);
            assertThat(TopicReader.header(record, "ce_type")).isEqualTo("AlertReceived");
            assertThat(TopicReader.header(record, "ce_id")).isEqualTo(body.get("eventId").asString());
            assertThat(TopicReader.header(record, "ce_source")).isEqualTo("/tocsin/alert-ingest");
            assertThat(TopicReader.header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(TopicReader.header(record, "ce_time")).isNotBlank();
            assertThat(body.get("type").asString()).isEqualTo("AlertReceived");
            assertThat(body.get("source").asString()).isEqualTo("alertmanager");
            assertThat(body.has("endsAt")).as("Go zero time means still firing").isFalse();
        }
        assertThat(records).extracting(r -> TocsinJson.mapper().readTree(r.value()).get("fingerprint").asString())
                .containsExactlyInAnyOrder("f41350d2ca0fc90b", "4f84294d1401fcdc");
    }

    @Test
    void basicAuthWithTheTokenAsPasswordIsAccepted() throws Exception {
        String groupKey = unique();
        String basic = "Basic " + Base64.getEncoder().encodeToString("alertmanager:other-token".getBytes(StandardCharsets.UTF_8));
        assertThat(post(sampleWithGroupKey("firing-single.json", groupKey), basic, "application/json").statusCode())
                .isEqualTo(202);
        assertThat(recordsOf(groupKey)).hasSize(1);
    }

    @Test
    void missingOrWrongCredentialsAre401AndPublishNothing() throws Exception {
        String groupKey = unique();
        String body = sampleWithGroupKey("firing-single.json", groupKey);
        String wrongBasic = "Basic " + Base64.getEncoder().encodeToString("am:nope".getBytes(StandardCharsets.UTF_8));
        for (String authorization : new String[] {null, "Bearer nope", "Bearer ", wrongBasic, "Token test-token"}) {
            HttpResponse<String> response = post(body, authorization, "application/json");
            assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(json(response).get("error").asString()).isEqualTo("unauthorized");
        }
        assertThat(recordsOf(groupKey)).isEmpty();
    }

    @Test
    void malformedJsonIs400NamingTheFieldAndPublishesNothing() throws Exception {
        String groupKey = unique();
        String missingStartsAt = "{\"groupKey\":\"" + groupKey.replace("\"", "\\\"") + "\",\"alerts\":["
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"2026-11-21T05:00:00Z\"},"
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"B\"}}]}";
        HttpResponse<String> response = post(missingStartsAt, "Bearer test-token", "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asString()).isEqualTo("invalid_payload");
        assertThat(json(response).get("message").asString()).startsWith("alerts[1].startsAt:");

        HttpResponse<String> broken = post("{\"groupKey\": \"" + groupKey + "\", \"alerts\": [", "Bearer test-token",
                "application/json");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken).get("message").asString()).startsWith("body: not valid JSON");
        assertThat(recordsOf(groupKey)).as("the valid first alert must not be published either").isEmpty();
    }

    @Test
    void wrongMediaTypeIs415AndPublishesNothing() throws Exception {
        String groupKey = unique();
        HttpResponse<String> response = post(sampleWithGroupKey("firing-single.json", groupKey), "Bearer test-token",
                "text/plain");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("error").asString()).isEqualTo("unsupported_media_type");
        assertThat(recordsOf(groupKey)).isEmpty();
    }

    @Test
    void bodyOverTheLimitIs413AndPublishesNothing() throws Exception {
        String groupKey = unique();
        String padding = "x".repeat(70 * 1024);
        String body = sampleWithGroupKey("firing-single.json", groupKey)
                .replace("\"PG down\"", "\"" + padding + "\"");
        HttpResponse<String> response = post(body, "Bearer test-token", "application/json");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").asString()).isEqualTo("payload_too_large");
        assertThat(json(response).get("message").asString()).contains("65536");
        assertThat(recordsOf(groupKey)).isEmpty();
    }

    @Test
    void probesAndMetricsAreServed() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("components").get("kafka").get("status").asString()).isEqualTo("UP");
        post(sampleWithGroupKey("firing-single.json", unique()), "Bearer test-token", "application/json");
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("tocsin_alerts_received_total{", "tocsin_webhook_requests_total{",
                "tocsin_ingest_publish_duration_seconds_bucket{");
    }

    private List<ConsumerRecord<String, byte[]>> recordsOf(String groupKey) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), Topics.ALERTS).stream()
                .filter(r -> groupKey.equals(r.key()))
                .toList();
    }

    private HttpResponse<String> post(String body, String authorization, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alerts/alertmanager"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return TocsinJson.mapper().readTree(response.body());
    }

    private static String unique() {
        return "{}:{alertname=\"it\", run=\"" + UUID.randomUUID() + "\"}";
    }

    static String sampleWithGroupKey(String sample, String groupKey) throws IOException {
        try (InputStream in = AlertmanagerWebhookIT.class.getResourceAsStream("/alertmanager/" + sample)) {
            JsonNode node = TocsinJson.mapper().readTree(in.readAllBytes());
            ((tools.jackson.databind.node.ObjectNode) node).put("groupKey", groupKey);
            return TocsinJson.mapper().writeValueAsString(node);
        }
    }
}
