package io.tocsin.incident.incidents;

import java.util.List;

/** An incident with its alerts and links, as the API shows it. */
public record IncidentDetails(Incident incident, List<AlertView> alerts, String previousIncidentKey) {
}
