package io.tocsin.incident.triage;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A source acknowledged one of its alerts (PagerDuty Events API v2 {@code acknowledge}), as triage takes it.
 *
 * @param eventId     id of the message that carried it
 * @param fingerprint the alert's fingerprint
 * @param labels      the labels its grouping key is computed from
 * @param groupKey    the alert's group key
 * @param actor       who acknowledged: {@code pagerduty:<source>}
 * @param receivedAt  when it reached Tocsin
 */
public record AlertAcknowledgement(UUID eventId, String fingerprint, Map<String, String> labels, String groupKey,
                                   String actor, Instant receivedAt) {

    public AlertAcknowledgement {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
