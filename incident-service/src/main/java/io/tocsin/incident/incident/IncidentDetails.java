package io.tocsin.incident.incident;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An incident with its alerts and links, as the API shows it.
 *
 * @param alerts              its alerts in the order they were attached
 * @param previousIncidentKey the resolved incident of the same grouping key this one follows, or {@code null}
 */
public record IncidentDetails(Incident incident, List<AlertView> alerts, String previousIncidentKey) {

    /** The critical incident this one is inhibited by, or {@code null}. */
    public String parentIncidentKey() {
        return incident.parentIncidentKey();
    }

    /** When its flapping started, or {@code null} when it is not flapping. */
    public Instant flappingSince() {
        return incident.flappingSince();
    }

    /** The maintenance window it fell under, or {@code null}. */
    public UUID maintenanceWindowId() {
        return incident.maintenanceWindowId();
    }

    /** Whether it is under that window now (not escalated, not notified). */
    public boolean inMaintenance() {
        return incident.inMaintenance();
    }
}
