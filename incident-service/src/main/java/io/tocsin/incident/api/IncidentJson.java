package io.tocsin.incident.api;

import io.tocsin.incident.incidents.AlertView;
import io.tocsin.incident.incidents.Incident;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The API's incident shape (design.md, JSON shapes). {@code alerts} is present on the single-incident
 * read and absent from list pages.
 */
record IncidentJson(UUID id, String key, String title, String status, String severity, String service,
                    String groupKey, Instant openedAt, Instant acknowledgedAt, String acknowledgedBy,
                    Instant resolvedAt, String resolvedBy, String previousIncident, String parentIncident,
                    List<AlertView> alerts) {

    static IncidentJson of(Incident i, List<AlertView> alerts, String previousIncident, String parentIncident) {
        return new IncidentJson(i.id(), i.key(), i.title(), i.status().name(), i.severity().name(), i.service(),
                i.groupKey(), i.openedAt(), i.acknowledgedAt(), i.acknowledgedBy(), i.resolvedAt(), i.resolvedBy(),
                previousIncident, parentIncident, alerts);
    }
}
