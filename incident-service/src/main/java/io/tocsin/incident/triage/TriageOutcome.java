package io.tocsin.incident.triage;

/**
 * What triage did with one alert notification; the {@code outcome} label of {@code tocsin_alerts_triaged_total}
 * (lower case). {@link #DUPLICATE}, {@link #UNKNOWN_RESOLVED}, {@link #UNKNOWN_ACKNOWLEDGED} and {@link #HEARTBEAT}
 * changed no incident. {@link #ACKNOWLEDGED}: a source acknowledged the alert (PagerDuty), and so its incident.
 */
public enum TriageOutcome { OPENED, ATTACHED, RESOLVED_ALERT, ACKNOWLEDGED, DUPLICATE, UNKNOWN_RESOLVED, UNKNOWN_ACKNOWLEDGED,
    HEARTBEAT }
