package io.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.TopicReader;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One trace from Alertmanager's webhook onwards: the W3C trace id Alertmanager's caller sent in
 * {@code traceparent} is on the Kafka record alert-ingest published (its {@code traceparent} header), on the
 * incident's timeline entries ({@code details.traceId}), and in the spans exported by OTLP, down to the span of
 * the notifier's Slack call ({@code slack root}).
 */
@Tag("e2e")
class TracingIT {

    @Test
    void theWebhooksTraceIdReachesTheKafkaRecordTheTimelineAndTheExporter() throws Exception {
        RunningStandalone tocsin = RunningStandalone.get();
        String service = "tracing-" + UUID.randomUUID().toString().substring(0, 8);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String traceparent = "00-" + traceId + "-" + traceId.substring(0, 16) + "-01";

        assertThat(tocsin.postAlerts(RunningStandalone.firingSample(service, "Tracing IT"), Map.of("traceparent", traceparent))
                .statusCode()).isEqualTo(202);

        ConsumerRecord<String, byte[]> record = TopicReader.readAll("127.0.0.1:" + tocsin.kafkaPort, Topics.ALERTS).stream()
                .filter(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains(service))
                .findFirst().orElseThrow();
        assertThat(TopicReader.header(record, "traceparent")).as("the record's W3C trace context").contains("-" + traceId + "-");

        await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.api("/api/v1/incidents?service=" + service).get("total").asInt() == 1);
        String key = tocsin.api("/api/v1/incidents?service=" + service).get("items").get(0).get("key").asString();
        JsonNode timeline = tocsin.api("/api/v1/incidents/" + key + "/timeline");
        JsonNode attached = null;
        JsonNode opened = null;
        for (JsonNode e : timeline) {
            switch (e.get("type").asString()) {
                case "alert.attached" -> attached = e;
                case "incident.opened" -> opened = e;
                default -> { }
            }
        }
        assertThat(attached).isNotNull();
        assertThat(attached.get("details").get("traceId").asString()).isEqualTo(traceId);
        assertThat(opened.get("details").get("traceId").asString()).isEqualTo(traceId);

        // The trace ends in the Slack post: the notifier queued the root message with the event's trace context and
        // its sender ran the chat.postMessage call as span "slack root" of the same trace.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(spanNames(traceId))
                .as("spans exported for trace " + traceId)
                .contains("slack root")
                .anyMatch(name -> name.startsWith("http post"))
                .anyMatch(name -> name.contains("alerts.v1")));
    }

    /** Names of the spans of one trace that the services exported to the OTLP/HTTP stub (protobuf bodies). */
    private static java.util.List<String> spanNames(String traceId) {
        byte[] id = HexFormat.of().parseHex(traceId);
        java.util.List<String> names = new java.util.ArrayList<>();
        for (var event : RunningStandalone.slack.getAllServeEvents()) {
            if (!event.getRequest().getUrl().equals("/otlp/v1/traces")) {
                continue;
            }
            try {
                var request = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.parseFrom(event.getRequest().getBody());
                for (var resource : request.getResourceSpansList()) {
                    for (var scope : resource.getScopeSpansList()) {
                        for (var span : scope.getSpansList()) {
                            if (java.util.Arrays.equals(span.getTraceId().toByteArray(), id)) {
                                names.add(span.getName());
                            }
                        }
                    }
                }
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError("an OTLP body that is not an ExportTraceServiceRequest", e);
            }
        }
        return names;
    }
}
