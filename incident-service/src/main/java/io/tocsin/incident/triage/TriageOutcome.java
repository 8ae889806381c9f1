package io.tocsin.incident.triage;

/**
 * What triage did with one alert notification; the {@code outcome} label of {@code tocsin_alerts_triaged_total}
 * (lower case). {@link #DUPLICATE}, {@link #UNKNOWN_RESOLVED} and {@link #HEARTBEAT} changed no incident.
 */
public enum TriageOutcome { OPENED, ATTACHED, RESOLVED_ALERT, DUPLICATE, UNKNOWN_RESOLVED, HEARTBEAT }
