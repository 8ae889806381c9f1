package io.tocsin.contracts.messages;

/** Kafka topic names (design.md, Kafka contracts). The version is part of the name. */
public final class Topics {
    /**
     * {@link AlertMessage}s ({@code AlertReceived}, {@code AlertAcknowledged}), keyed by grouping key: Alertmanager's
     * groupKey (PagerDuty: {@code pagerduty:<service>:<dedup_key>}) unless {@code TOCSIN_INCIDENT_GROUP_BY} names labels.
     */
    public static final String ALERTS = "alerts.v1";
    /** {@link IncidentEvent}s, keyed by incident id. */
    public static final String INCIDENT_EVENTS = "incidents.events.v1";
    /** {@link IncidentCommand}s, keyed by incident reference. */
    public static final String INCIDENT_COMMANDS = "incidents.commands.v1";
    /** {@link RemediationResult}s, keyed by incident id. */
    public static final String REMEDIATION_RESULTS = "remediation.results.v1";
    /** {@link BackupCommand}s ({@code VerifyBackup}), keyed by database name. */
    public static final String BACKUP_COMMANDS = "backups.commands.v1";
    /** {@code BackupVerificationCompleted}, keyed by database name. */
    public static final String BACKUP_VERIFICATIONS = "backups.verifications.v1";

    /** {@link OnCallEvent}s ({@code OnCallOverridesChanged}), keyed by schedule name. */
    public static final String ONCALL_EVENTS = "oncall.events.v1";

    /** {@link ChangeMessage}s ({@code ChangeReceived}: deploys and other changes), keyed by service. */
    public static final String CHANGES = "changes.v1";

    /** {@link MaintenanceEvent}s (maintenance windows announced to customers), keyed by window id; compacted. */
    public static final String MAINTENANCE_EVENTS = "maintenance.events.v1";

    private Topics() {
    }
}
