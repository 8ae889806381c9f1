package io.tocsin.incident.api;

import io.tocsin.incident.incident.AlertView;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentDetails;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The API's incident shape (design.md, JSON shapes). {@code alerts}, {@code flappingSince},
 * {@code maintenanceWindowId} and {@code inMaintenance} are present on the single-incident read and absent
 * from list pages.
 */
record IncidentJson(UUID id, String key, String title, String status, String severity, String service,
                    String groupKey, Instant openedAt, Instant acknowledgedAt, String acknowledgedBy,
                    Instant resolvedAt, String resolvedBy, String previousIncident, String parentIncident,
                    Instant flappingSince, UUID maintenanceWindowId, Boolean inMaintenance, List<AlertView> alerts) {

    /** A list item. */
    static IncidentJson of(Incident i) {
        return new IncidentJson(i.id(), i.key(), i.title(), i.status().name(), i.severity().name(), i.service(),
                i.origin().groupKey(), i.openedAt(), i.acknowledgedAt(), i.acknowledgedBy(), i.resolvedAt(), i.resolvedBy(),
                null, null, null, null, null, null);
    }

    /** The single-incident read. */
    static IncidentJson of(IncidentDetails d) {
        Incident i = d.incident();
        return new IncidentJson(i.id(), i.key(), i.title(), i.status().name(), i.severity().name(), i.service(),
                i.origin().groupKey(), i.openedAt(), i.acknowledgedAt(), i.acknowledgedBy(), i.resolvedAt(), i.resolvedBy(),
                d.previousIncidentKey(), d.parentIncidentKey(), d.flappingSince(), d.maintenanceWindowId(),
                d.inMaintenance(), d.alerts());
    }
}
