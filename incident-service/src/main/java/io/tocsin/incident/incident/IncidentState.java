package io.tocsin.incident.incident;

import java.time.Instant;
import java.util.UUID;

/**
 * The whole state of an {@link Incident}, as its repository reads and writes it ({@link Incident#rebuild},
 * {@link Incident#stored}).
 *
 * @param parentIncidentKey the inhibiting incident's {@code INC-n}, read with it; {@code null} when not inhibited
 */
public record IncidentState(UUID id, long number, String title, IncidentStatus status, Severity severity, String service,
                            String groupingKey, String groupKey, String receiver, String source, String externalUrl,
                            Instant openedAt, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
                            String resolvedBy, UUID previousIncidentId, UUID parentIncidentId, String parentIncidentKey,
                            Instant flappingSince, UUID maintenanceWindowId, boolean inMaintenance, boolean stormRaised,
                            Escalation escalation) {
}
