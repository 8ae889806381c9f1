package io.tocsin.incident.timeline;

/**
 * Every kind of timeline entry; {@link #type()} is what is stored, hashed and shown ({@code incident.opened} …).
 * Adding a kind of entry means adding it here.
 */
public enum TimelineEntryType {
    INCIDENT_OPENED("incident.opened"),
    ALERT_ATTACHED("alert.attached"),
    ALERT_RESOLVED("alert.resolved"),
    SEVERITY_CHANGED("severity.changed"),
    INCIDENT_ACKNOWLEDGED("incident.acknowledged"),
    INCIDENT_ESCALATED("incident.escalated"),
    PAGE_SENT("page.sent"),
    ESCALATION_DEFERRED("incident.escalation_deferred"),
    INCIDENT_RESOLVE_TARGET_MISSED("incident.resolve_target_missed"),
    INCIDENT_RESOLVED("incident.resolved"),
    INCIDENT_HELD_OPEN("incident.held_open"),
    NOTE_ADDED("note.added"),
    CHANGE_LINKED("change.linked"),
    ROLE_ASSIGNED("role.assigned"),
    STATUS_UPDATED("status.updated"),
    INCIDENT_FLAPPING_STARTED("incident.flapping_started"),
    INCIDENT_FLAPPING_ENDED("incident.flapping_ended"),
    INCIDENT_INHIBITED("incident.inhibited"),
    INCIDENT_RELEASED("incident.released"),
    CHILD_LINKED("child.linked"),
    CHILD_RELEASED("child.released"),
    MAINTENANCE_STARTED("maintenance.started"),
    MAINTENANCE_ENDED("maintenance.ended"),
    BACKUP_VERIFICATION_FAILED("backup.verification_failed"),
    REMEDIATION_STARTED("remediation.started"),
    REMEDIATION_SUCCEEDED("remediation.succeeded"),
    REMEDIATION_FAILED("remediation.failed"),
    REMEDIATION_SKIPPED("remediation.skipped"),
    REMEDIATION_AWAITING_APPROVAL("remediation.awaiting_approval"),
    REMEDIATION_APPROVAL_EXPIRED("remediation.approval_expired"),
    REMEDIATION_CANCELLED("remediation.cancelled"),
    REMEDIATION_APPROVED("remediation.approved"),
    REMEDIATION_REJECTED("remediation.rejected");

    private final String type;

    TimelineEntryType(String type) {
        this.type = type;
    }

    /** The stored {@code type}, e.g. {@code incident.opened}. */
    public String type() {
        return type;
    }
}
