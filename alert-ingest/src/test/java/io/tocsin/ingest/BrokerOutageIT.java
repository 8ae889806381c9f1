package io.tocsin.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.RestartableKafka;
import io.tocsin.common.test.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kafka goes away and comes back: alert-ingest answers 503 with Retry-After meanwhile (so Alertmanager
 * retries rather than drops), and 202 again afterwards with the retried notification on the topic.
 * Uses a broker of its own, so that stopping it does not disturb other tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=alert-ingest",
        "tocsin.ingest.auth-enabled=false",
        "tocsin.ingest.publish-timeout=2s",
        "tocsin.ingest.retry-after=7s",
        "tocsin.ingest.pagerduty.integrations=" + BrokerOutageIT.ROUTING_KEY + "=outage"})
class BrokerOutageIT {

    static final String ROUTING_KEY = "R0OUTAGE000000000000000000000000";

    private static final RestartableKafka kafka = RestartableKafka.start();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    @Test
    void answers503WhileKafkaIsDownAnd202AfterwardsWithNoAlertLost() throws Exception {
        String before = groupKey();
        assertThat(post(before).statusCode()).isEqualTo(202);

        kafka.stop();
        String during = groupKey();
        long started = System.nanoTime();
        HttpResponse<String> unavailable = post(during);
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(unavailable.body()).contains("\"error\":\"broker_unavailable\"");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        // PagerDuty's clients retry 5xx (and would back off on 429): retryable is 503, never 429.
        HttpResponse<String> pagerduty = postPagerDuty();
        assertThat(pagerduty.statusCode()).isEqualTo(503);
        assertThat(pagerduty.headers().firstValue("Retry-After")).hasValue("7");

        kafka.restart();
        // Alertmanager retries the notification that got 503 until it is accepted.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> post(during).statusCode() == 202);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> postPagerDuty().statusCode() == 202);

        var records = TopicReader.readAll(kafka.bootstrapServers(), Topics.ALERTS);
        assertThat(records).anyMatch(r -> before.equals(r.key()));
        assertThat(records).anyMatch(r -> during.equals(r.key()));
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> post(String groupKey) throws Exception {
        String body = AlertmanagerWebhookIT.sampleWithGroupKey("firing-single.json", groupKey);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alerts/alertmanager"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postPagerDuty() throws Exception {
        String body = "{\"routing_key\":\"" + ROUTING_KEY + "\",\"event_action\":\"trigger\",\"dedup_key\":\"outage-1\","
                + "\"payload\":{\"summary\":\"Disk full on db-1\",\"source\":\"db-1\",\"severity\":\"error\"}}";
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/enqueue"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String groupKey() {
        return "{}:{alertname=\"outage\", run=\"" + UUID.randomUUID() + "\"}";
    }

}
