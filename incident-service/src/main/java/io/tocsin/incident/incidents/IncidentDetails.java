package io.tocsin.incident.incidents;

import java.util.List;

/**
 * An incident with its alerts and links, as the API shows it.
 *
 * @param previousIncidentKey the resolved incident of the same grouping key this one follows, or {@code null}
 * @param parentIncidentKey   the critical incident this one is inhibited by, or {@code null}
 * @param flappingSince       when its flapping started, or {@code null} when it is not flapping
 * @param maintenanceWindowId the maintenance window it fell under, or {@code null}
 * @param inMaintenance       whether it is under that window now (not escalated, not notified)
 */
public record IncidentDetails(Incident incident, List<AlertView> alerts, String previousIncidentKey,
                              String parentIncidentKey, java.time.Instant flappingSince,
                              java.util.UUID maintenanceWindowId, boolean inMaintenance) {
}
