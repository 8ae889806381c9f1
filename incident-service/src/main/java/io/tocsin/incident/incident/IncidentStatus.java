package io.tocsin.incident.incident;

/** Incident lifecycle: {@code TRIGGERED → ACKNOWLEDGED → RESOLVED} (TRIGGERED may resolve directly). */
public enum IncidentStatus {
    TRIGGERED, ACKNOWLEDGED, RESOLVED
}
