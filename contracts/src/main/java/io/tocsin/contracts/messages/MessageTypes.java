package io.tocsin.contracts.messages;

/**
 * The type names of Tocsin messages: the JSON field {@code type} and the CloudEvents {@code ce_type}
 * header. These are wire contracts; never rename one, add a new one.
 */
public final class MessageTypes {
    public static final String ALERT_RECEIVED = "AlertReceived";
    public static final String INCIDENT_OPENED = "IncidentOpened";
    public static final String ALERTS_ATTACHED = "AlertsAttached";
    public static final String INCIDENT_SEVERITY_CHANGED = "IncidentSeverityChanged";
    public static final String INCIDENT_ACKNOWLEDGED = "IncidentAcknowledged";
    public static final String INCIDENT_ESCALATED = "IncidentEscalated";
    public static final String INCIDENT_RESOLVED = "IncidentResolved";
    public static final String TIMELINE_NOTE_ADDED = "TimelineNoteAdded";
    public static final String INCIDENT_FLAPPING_STARTED = "IncidentFlappingStarted";
    public static final String INCIDENT_FLAPPING_ENDED = "IncidentFlappingEnded";
    public static final String INCIDENT_MAINTENANCE_STARTED = "IncidentMaintenanceStarted";
    public static final String INCIDENT_MAINTENANCE_ENDED = "IncidentMaintenanceEnded";
    public static final String INCIDENT_INHIBITION_ENDED = "IncidentInhibitionEnded";
    public static final String ACKNOWLEDGE_INCIDENT = "AcknowledgeIncident";
    public static final String RESOLVE_INCIDENT = "ResolveIncident";
    public static final String ADD_TIMELINE_NOTE = "AddTimelineNote";
    public static final String APPROVE_REMEDIATION = "ApproveRemediation";
    public static final String REJECT_REMEDIATION = "RejectRemediation";
    public static final String REMEDIATION_STARTED = "RemediationStarted";
    public static final String REMEDIATION_SUCCEEDED = "RemediationSucceeded";
    public static final String REMEDIATION_FAILED = "RemediationFailed";
    public static final String REMEDIATION_SKIPPED = "RemediationSkipped";
    public static final String REMEDIATION_AWAITING_APPROVAL = "RemediationAwaitingApproval";
    public static final String REMEDIATION_APPROVED = "RemediationApproved";
    public static final String REMEDIATION_REJECTED = "RemediationRejected";
    public static final String BACKUP_VERIFICATION_COMPLETED = "BackupVerificationCompleted";
    public static final String VERIFY_BACKUP = "VerifyBackup";
    public static final String ONCALL_OVERRIDES_CHANGED = "OnCallOverridesChanged";
    public static final String CHANGE_SEVERITY = "ChangeSeverity";
    public static final String ALERT_ACKNOWLEDGED = "AlertAcknowledged";
    public static final String CHANGE_RECEIVED = "ChangeReceived";
    public static final String INCIDENT_CHANGE_LINKED = "IncidentChangeLinked";
    public static final String DECLARE_INCIDENT = "DeclareIncident";
    public static final String ASSIGN_ROLE = "AssignRole";
    public static final String INCIDENT_ROLE_ASSIGNED = "IncidentRoleAssigned";
    public static final String POST_STATUS_UPDATE = "PostStatusUpdate";
    public static final String INCIDENT_STATUS_UPDATED = "IncidentStatusUpdated";
    public static final String PUBLIC_MAINTENANCE_CHANGED = "PublicMaintenanceChanged";

    private MessageTypes() {
    }

    /**
     * The type name of a message, read from its {@code @JsonSubTypes} registration.
     *
     * @throws IllegalArgumentException for a message class that is not registered
     */
    public static String of(TocsinMessage message) {
        for (Class<?> family : message.getClass().getInterfaces()) {
            var subTypes = family.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class);
            if (subTypes == null) {
                continue;
            }
            for (var type : subTypes.value()) {
                if (type.value() == message.getClass()) {
                    return type.name();
                }
            }
        }
        throw new IllegalArgumentException("no wire type registered for " + message.getClass().getSimpleName());
    }
}
