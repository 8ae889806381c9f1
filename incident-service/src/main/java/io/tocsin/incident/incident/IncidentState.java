package io.tocsin.incident.incident;

import java.time.Instant;
import java.util.UUID;

/**
 * The whole state of an {@link Incident}, as its repository reads and writes it ({@link Incident#rebuild},
 * {@link Incident#stored}).
 *
 * @param parentIncidentKey the inhibiting incident's {@code INC-n}, read with it; {@code null} when not inhibited
 */
public record IncidentState(IncidentOrigin origin, IncidentStatus status, Severity severity, Instant acknowledgedAt,
                            String acknowledgedBy, Instant resolvedAt, String resolvedBy, UUID parentIncidentId,
                            String parentIncidentKey, Instant flappingSince, UUID maintenanceWindowId,
                            boolean inMaintenance, boolean stormRaised, Escalation escalation) {
}
