package io.tocsin.notify.incidents;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What the notifier knows of an incident: its latest summary plus the first alert's labels and links.
 *
 * @param status     {@code TRIGGERED}, {@code ACKNOWLEDGED} or {@code RESOLVED}
 * @param labels     labels of the incident's first alert (routing, status page component)
 * @param runbookUrl the first alert's {@code runbook_url} annotation, or {@code null}
 * @param stateAt    time of the event the state comes from; older events do not overwrite it
 * @param declaredBy who declared it ({@code slack:U123}, {@code api:<name>}); {@code null} when an alert opened it
 */
public record IncidentView(UUID incidentId, String key, String title, String status, String severity, String service,
                           String groupKey, int alertCount, int firingCount, String externalUrl, Instant openedAt,
                           Map<String, String> labels, String generatorUrl, String runbookUrl, String acknowledgedBy,
                           Instant resolvedAt, Instant stateAt, boolean quiet, String declaredBy) {

    /** Whether a person declared it (no alert opened it). */
    public boolean isDeclared() {
        return declaredBy != null;
    }

    public boolean isResolved() {
        return "RESOLVED".equals(status);
    }
}
