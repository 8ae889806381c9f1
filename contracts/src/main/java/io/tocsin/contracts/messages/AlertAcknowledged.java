package io.tocsin.contracts.messages;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A source acknowledged one of its alerts (PagerDuty Events API v2 {@code event_action: acknowledge}): the open
 * incident on which the alert fires is acknowledged, escalation stops. Published on {@code alerts.v1} with the same
 * grouping key as the alert's trigger, so it is applied after it.
 *
 * @param eventId     unique id of this message
 * @param occurredAt  when alert-ingest accepted it
 * @param fingerprint the alert's fingerprint, as its {@link AlertReceived} had it
 * @param labels      the labels known at acknowledgement (PagerDuty: {@code service} and {@code dedup_key})
 * @param groupKey    the alert's group key, as its {@link AlertReceived} had it
 * @param source      {@code pagerduty}
 * @param actor       who acknowledged, on the timeline: {@code pagerduty:<client>}, else {@code pagerduty:<service>}
 * @param receivedAt  when alert-ingest received the HTTP request
 */
public record AlertAcknowledged(UUID eventId, Instant occurredAt, String fingerprint, Map<String, String> labels,
                                String groupKey, String source, String actor, Instant receivedAt) implements AlertMessage {

    /** Normalises absent labels to none. */
    public AlertAcknowledged {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    @Override
    public String partitionKey() {
        return groupKey;
    }
}
