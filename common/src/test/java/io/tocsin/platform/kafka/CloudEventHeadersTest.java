package io.tocsin.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every Tocsin record carries CloudEvents' binary-mode Kafka headers (CloudEvents Kafka protocol binding 1.0). */
class CloudEventHeadersTest {

    @Test
    void cloudEventHeadersCarryIdTypeSourceSpecVersionAndTime() {
        var event = new IncidentEvent.TimelineNoteAdded(UUID.fromString("11111111-2222-3333-4444-555555555555"),
                Instant.parse("2026-11-21T05:35:05.123Z"), new IncidentSummary(UUID.randomUUID(), "INC-1", "t", "TRIGGERED",
                "SEV3", null, "g", 1, 1, "", Instant.parse("2026-11-21T05:35:00Z")), "api:alice", "note");
        Map<String, String> headers = new LinkedHashMap<>();
        CloudEventHeaders.of(event, "/tocsin/incident-service").forEach((k, v) -> headers.put(k, new String(v, StandardCharsets.UTF_8)));
        assertThat(headers).containsEntry("ce_id", "11111111-2222-3333-4444-555555555555")
                .containsEntry("ce_type", "TimelineNoteAdded")
                .containsEntry("ce_source", "/tocsin/incident-service")
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_time", "2026-11-21T05:35:05.123Z")
                .containsEntry("content-type", "application/json");
    }
}
