package io.tocsin.incident.incidents;

import java.util.List;

/**
 * An incident with its alerts and links, as the API shows it.
 *
 * @param previousIncidentKey the resolved incident of the same grouping key this one follows, or {@code null}
 * @param parentIncidentKey   the critical incident this one is inhibited by, or {@code null}
 */
public record IncidentDetails(Incident incident, List<AlertView> alerts, String previousIncidentKey,
                              String parentIncidentKey) {
}
