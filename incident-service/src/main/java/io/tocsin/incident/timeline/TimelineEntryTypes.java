package io.tocsin.incident.timeline;

/** The {@code type} values of timeline entries. */
public final class TimelineEntryTypes {
    public static final String INCIDENT_OPENED = "incident.opened";
    public static final String ALERT_ATTACHED = "alert.attached";
    public static final String ALERT_RESOLVED = "alert.resolved";
    public static final String SEVERITY_CHANGED = "severity.changed";
    public static final String INCIDENT_ACKNOWLEDGED = "incident.acknowledged";
    public static final String INCIDENT_RESOLVED = "incident.resolved";
    public static final String NOTE_ADDED = "note.added";

    private TimelineEntryTypes() {
    }
}
