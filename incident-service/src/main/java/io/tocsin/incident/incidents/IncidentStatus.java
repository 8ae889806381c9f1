package io.tocsin.incident.incidents;

/** Incident lifecycle: {@code TRIGGERED → ACKNOWLEDGED → RESOLVED} (TRIGGERED may resolve directly). */
public enum IncidentStatus {
    TRIGGERED, ACKNOWLEDGED, RESOLVED
}
