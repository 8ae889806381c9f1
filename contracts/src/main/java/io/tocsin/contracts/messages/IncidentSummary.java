package io.tocsin.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * The state of an incident right after the event that carries it, so consumers (notifier,
 * remediation-worker) need not call back into incident-service.
 *
 * @param id           incident UUID
 * @param key          human-readable key, {@code INC-<n>}
 * @param title        from the alert's {@code summary} annotation, else alertname and service
 * @param status       {@code TRIGGERED}, {@code ACKNOWLEDGED} or {@code RESOLVED}
 * @param severity     {@code SEV1} (worst) … {@code SEV4}
 * @param service      the {@code service} label of the first alert; may be {@code null}
 * @param groupKey     the grouping key the incident was opened for
 * @param alertCount   alerts attached so far
 * @param firingCount  of those, alerts still firing
 * @param externalURL  the Alertmanager external URL of the first alert; may be empty
 * @param openedAt     when the incident was opened
 * @param parentIncidentKey the incident this one is inhibited by (a critical incident of the same service), or
 *                     {@code null}; an inhibited incident is recorded but not notified separately
 * @param flapping     an alert of the incident is flapping: the incident is held open and its updates are
 *                     throttled (absent in older messages: {@code false})
 * @param inMaintenance the incident falls under a maintenance window: recorded, not escalated, not notified
 *                     (absent in older messages: {@code false})
 */
public record IncidentSummary(
        UUID id,
        String key,
        String title,
        String status,
        String severity,
        String service,
        String groupKey,
        int alertCount,
        int firingCount,
        String externalURL,
        Instant openedAt,
        String parentIncidentKey,
        Boolean flapping,
        Boolean inMaintenance) {

    /** Absent flags (messages written before they existed) read as {@code false}; never {@code null}. */
    public IncidentSummary {
        flapping = Boolean.TRUE.equals(flapping);
        inMaintenance = Boolean.TRUE.equals(inMaintenance);
    }

    /** An incident that is neither flapping nor in maintenance. */
    public IncidentSummary(UUID id, String key, String title, String status, String severity, String service,
                           String groupKey, int alertCount, int firingCount, String externalURL, Instant openedAt,
                           String parentIncidentKey) {
        this(id, key, title, status, severity, service, groupKey, alertCount, firingCount, externalURL, openedAt,
                parentIncidentKey, false, false);
    }

    /** An incident that is not inhibited. */
    public IncidentSummary(UUID id, String key, String title, String status, String severity, String service,
                           String groupKey, int alertCount, int firingCount, String externalURL, Instant openedAt) {
        this(id, key, title, status, severity, service, groupKey, alertCount, firingCount, externalURL, openedAt, null, false, false);
    }
}
