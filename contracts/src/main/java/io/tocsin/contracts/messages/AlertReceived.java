package io.tocsin.contracts.messages;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One alert out of one notification, as received by alert-ingest; published on {@code alerts.v1}
 * keyed by its grouping key ({@link io.tocsin.contracts.alerts.GroupingKeys}): {@link #groupKey()} unless
 * {@code TOCSIN_INCIDENT_GROUP_BY} names labels.
 *
 * <p>An alert's identity is {@code fingerprint + startsAt}: Alertmanager reuses a fingerprint when an
 * alert with the same labels fires again later, with a new {@code startsAt}.
 *
 * @param eventId      unique id of this message
 * @param occurredAt   when alert-ingest accepted the notification
 * @param fingerprint  16 lowercase hex chars, FNV-1a 64 over the sorted labels (as Alertmanager computes it)
 * @param status       firing or resolved
 * @param labels       the alert's labels
 * @param annotations  the alert's annotations (summary, description, runbook_url, …)
 * @param startsAt     when the alert started firing
 * @param endsAt       when it ended; {@code null} while still firing (Alertmanager sends Go's zero time)
 * @param generatorURL link to the expression that produced the alert; may be empty
 * @param groupKey     Alertmanager's group key (PagerDuty: {@code dedup_key}); the default grouping key
 * @param receiver     the Alertmanager receiver name (PagerDuty: {@code pagerduty})
 * @param externalURL  the Alertmanager's external URL; may be empty
 * @param source       {@code alertmanager} or {@code pagerduty}
 * @param receivedAt   when alert-ingest received the HTTP request
 */
public record AlertReceived(
        UUID eventId,
        Instant occurredAt,
        String fingerprint,
        AlertStatus status,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL,
        String groupKey,
        String receiver,
        String externalURL,
        String source,
        Instant receivedAt) implements AlertMessage {

    /** Normalises absent maps to empty ones so consumers never see {@code null} labels. */
    public AlertReceived {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** {@link #groupKey()}: the grouping key when no {@code group-by} labels are set (alert-ingest keys by the real one). */
    @Override
    public String partitionKey() {
        return groupKey;
    }
}
