package io.tocsin.incident.timeline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The {@code details} of a timeline entry, one record per shape, so that every fact an entry carries is named and
 * typed where it is written. {@link #toMap()} gives the JSON object stored in {@code timeline_entry.details} and
 * hashed into the chain: instants as ISO-8601 UTC strings, ids as strings, {@code null} components left out.
 * The key names are the API's ({@code GET /api/v1/incidents/{id}/timeline}) and must not change: a renamed key
 * changes what auditors and the notifier read.
 */
public sealed interface TimelineDetails {

    /** No details: a note, an entry whose summary says it all. */
    TimelineDetails NONE = new None();

    /** The stored JSON object, mutable and in the order the facts are declared; {@code null} values left out. */
    Map<String, Object> toMap();

    /** Why an incident resolved: the {@code reason} every resolution entry carries. */
    sealed interface Resolution extends TimelineDetails {
        /** {@code manual}, {@code all_alerts_resolved}, {@code flapping_ended}, {@code heartbeat_returned}, ... */
        String reason();
    }

    /** {@code {}}. */
    record None() implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return new LinkedHashMap<>();
        }
    }

    /**
     * {@code change.linked}: a change to the incident's service (a deploy) made shortly before it opened, as its tool
     * reported it: links as {@code [{"href", "text"}]}, the tool's {@code customDetails} as sent.
     */
    record ChangeLinked(UUID changeId, String service, String summary, String source, java.time.Instant changedAt,
                        List<Map<String, String>> links, Map<String, Object> customDetails) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("changeId", text(changeId), "service", service, "summary", summary, "source", blankToNull(source),
                    "changedAt", text(changedAt), "links", links == null || links.isEmpty() ? null : links,
                    "customDetails", customDetails == null || customDetails.isEmpty() ? null : customDetails);
        }
    }

    /** {@code status.updated}: a customer update as its author wrote it (seeds 002, 004). */
    record StatusUpdated(String status, String message, String impact, String workaround, java.time.Instant nextUpdateAt,
                         String publicTitle) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("status", status, "message", message, "impact", impact, "workaround", workaround,
                    "nextUpdateAt", text(nextUpdateAt), "publicTitle", publicTitle);
        }
    }

    /** {@code role.assigned}: the role ({@code lead}, {@code comms}), its new holder and the one before, if any. */
    record RoleAssigned(String role, String assignee, String previous) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("role", role, "assignee", assignee, "previous", previous);
        }
    }

    /** {@code incident.acknowledged}: the responder's note, if any. */
    record Acknowledged(String note) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("note", blankToNull(note));
        }
    }

    /**
     * {@code incident.opened}: the Alertmanager group and Tocsin's grouping key it opened for; the previous incident of
     * that key when one existed (the "follows" link).
     */
    record IncidentOpened(String groupKey, String groupingKey, String receiver, String severity, String source,
                          String previousIncident, UUID previousIncidentId) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("groupKey", groupKey, "groupingKey", groupingKey, "receiver", receiver, "severity", severity,
                    "source", source, "previousIncident", previousIncident, "previousIncidentId", text(previousIncidentId));
        }
    }

    /** {@code alert.attached}: a firing alert with its labels (sorted) and, when Prometheus sent one, its generator URL. */
    record AlertFiring(String fingerprint, Instant startsAt, String severity, Map<String, String> labels,
                       String generatorUrl) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("fingerprint", fingerprint, "startsAt", text(startsAt), "severity", severity,
                    "labels", new TreeMap<>(labels), "generatorURL", generatorUrl == null || generatorUrl.isEmpty() ? null : generatorUrl);
        }
    }

    /**
     * {@code alert.resolved}: one firing episode ended. {@code notificationStartsAt} is set when the resolved
     * notification's {@code startsAt} differs from the episode's and the episode was found by fingerprint.
     */
    record AlertResolved(String fingerprint, Instant startsAt, Instant endsAt, Instant notificationStartsAt)
            implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("fingerprint", fingerprint, "startsAt", text(startsAt), "endsAt", text(endsAt),
                    "matchedBy", notificationStartsAt == null ? null : "fingerprint",
                    "notificationStartsAt", text(notificationStartsAt));
        }
    }

    /** {@code alert.resolved} by reconciliation: Alertmanager no longer has the alert, past the grace period. */
    record AlertGone(String fingerprint, Instant startsAt, Instant missingSince, String alertmanager, long graceSeconds)
            implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("fingerprint", fingerprint, "startsAt", text(startsAt), "endsAt", text(missingSince),
                    "reason", "gone_from_alertmanager", "alertmanager", alertmanager, "missingSince", text(missingSince),
                    "graceSeconds", graceSeconds);
        }
    }

    /** {@code severity.changed} by a more severe alert ({@code reason} names it) or by a person (their reason). */
    record SeverityRaised(String from, String to, String reason) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("from", from, "to", to, "reason", reason);
        }
    }

    /** {@code severity.changed} by the storm rule: more than {@code threshold} alerts within the window. */
    record StormRaised(String from, String to, int threshold, long windowSeconds) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("from", from, "to", to, "reason", "storm", "threshold", threshold, "windowSeconds", windowSeconds);
        }
    }

    /** {@code incident.resolved} for a {@code reason} without further facts; a responder's note when resolved by hand. */
    record Resolved(String reason, String note) implements Resolution {
        /** A responder resolved it. */
        public static Resolved manual(String note) {
            return new Resolved("manual", note);
        }

        /** Its last firing alert resolved. */
        public static Resolved allAlertsResolved() {
            return new Resolved("all_alerts_resolved", null);
        }

        /** Flapping ended with no alert firing. */
        public static Resolved flappingEnded() {
            return new Resolved("flapping_ended", null);
        }

        @Override
        public Map<String, Object> toMap() {
            return facts("reason", reason, "note", blankToNull(note));
        }
    }

    /** {@code incident.resolved} because a backup verification of its database passed. */
    record BackupVerificationPassed(UUID verificationId) implements Resolution {
        @Override
        public String reason() {
            return "backup_verification_passed";
        }

        @Override
        public Map<String, Object> toMap() {
            return facts("reason", reason(), "verificationId", text(verificationId));
        }
    }

    /** {@code incident.resolved} because a missed heartbeat was seen again. */
    record HeartbeatReturned(String heartbeat, Instant seenAt) implements Resolution {
        @Override
        public String reason() {
            return "heartbeat_returned";
        }

        @Override
        public Map<String, Object> toMap() {
            return facts("reason", reason(), "heartbeat", heartbeat, "seenAt", text(seenAt));
        }
    }

    /** {@code incident.escalated}: the level reached, whom it pages and when the next level is due (none at the last). */
    record Escalated(int level, String levelName, String target, Instant dueAt, Instant nextEscalationAt)
            implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("level", level, "levelName", levelName, "target", target, "dueAt", text(dueAt),
                    "nextEscalationAt", text(nextEscalationAt));
        }
    }

    /**
     * {@code page.sent}: one person or Slack user group an escalation level paged (issue 18), so an auditor sees who
     * was paged when.
     *
     * @param level            the escalation level, 1-based
     * @param policy           the escalation policy's name
     * @param target           the level's target ({@code schedule primary}, {@code person cto}, {@code user group S…})
     * @param person           the person's id in the on-call configuration; {@code null} for a user group or nobody
     * @param slackUserId      the person's Slack member id, when known
     * @param slackUserGroupId the user group's id, for a user group
     * @param channel          how the page goes out: {@code slack}
     * @param outcome          {@code paged} or {@code nobody on call}
     */
    record PageSent(int level, String policy, String target, String person, String name, String slackUserId,
                    String slackUserGroupId, String channel, String outcome) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("level", level, "policy", policy, "target", target, "person", person, "name", name,
                    "slackUserId", slackUserId, "slackUserGroupId", slackUserGroupId, "channel", channel, "outcome", outcome);
        }
    }

    /**
     * {@code incident.escalation_deferred}: a level found nobody on call and its policy waits for coverage; it pages
     * at {@code until}.
     */
    record EscalationDeferred(int level, String policy, String target, Instant until) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("level", level, "policy", policy, "target", target, "until", text(until));
        }
    }

    /** {@code incident.resolve_target_missed}: the severity's resolve target passed at {@code dueAt}. */
    record ResolveTargetMissed(Instant dueAt) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("dueAt", text(dueAt));
        }
    }

    /** {@code incident.flapping_started}: the alert changed state {@code changes} times, more than the threshold. */
    record FlappingStarted(String fingerprint, int changes, int threshold, long windowSeconds) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("fingerprint", fingerprint, "changes", changes, "threshold", threshold,
                    "windowSeconds", windowSeconds);
        }
    }

    /** {@code incident.flapping_ended}: quiet for the window since {@code lastChangeAt}. */
    record FlappingEnded(Instant flappingSince, Instant lastChangeAt) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("flappingSince", text(flappingSince), "lastChangeAt", text(lastChangeAt));
        }
    }

    /**
     * {@code incident.inhibited} and {@code incident.released} on the child: the parent incident;
     * {@code previousParentIncident} when the inhibition moved on from a resolved parent.
     */
    record ParentLink(String parentIncident, UUID parentIncidentId, String previousParentIncident)
            implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("parentIncident", parentIncident, "parentIncidentId", text(parentIncidentId),
                    "previousParentIncident", previousParentIncident);
        }
    }

    /** {@code child.linked} and {@code child.released} on the parent: the inhibited child. */
    record ChildLink(String childIncident, UUID childIncidentId) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("childIncident", childIncident, "childIncidentId", text(childIncidentId));
        }
    }

    /** {@code maintenance.started}: the window the incident entered, its matchers as written ({@code name="value"}). */
    record MaintenanceStarted(UUID maintenanceWindowId, String comment, List<String> matchers, Instant startsAt,
                              Instant endsAt, String createdBy) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("maintenanceWindowId", text(maintenanceWindowId), "comment", comment, "matchers", matchers,
                    "startsAt", text(startsAt), "endsAt", text(endsAt), "createdBy", createdBy);
        }
    }

    /** {@code maintenance.ended}: the window, and who ended it early if someone did. */
    record MaintenanceEnded(UUID maintenanceWindowId, String endedEarlyBy) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("maintenanceWindowId", text(maintenanceWindowId), "endedEarlyBy", endedEarlyBy);
        }
    }

    /** {@code backup.verification_failed}: which checks failed, each with its expected and actual value. */
    record BackupVerificationFailed(UUID verificationId, String database, String backupFile, List<FailedCheck> failedChecks)
            implements TimelineDetails {
        /** One failed check of {@code runbooks/000} §3.6 / the backup-verification seed. */
        public record FailedCheck(String name, String expected, String actual) {
        }

        @Override
        public Map<String, Object> toMap() {
            return facts("verificationId", text(verificationId), "database", database, "backupFile", backupFile,
                    "failedChecks", failedChecks.stream()
                            .map(c -> facts("name", c.name(), "expected", c.expected(), "actual", c.actual())).toList());
        }
    }

    /**
     * {@code remediation.*}: one step of a runbook execution ({@code step} 1-based) and the facts of what happened to
     * it; components that do not apply to the entry's type are {@code null}. {@code dryRun} on started and succeeded,
     * {@code report} on succeeded, {@code error} and {@code retriable} on failed, {@code reason} on skipped, expired,
     * cancelled and rejected, the approval request on awaiting approval, {@code decidedAt} when remediation-worker
     * reported the time.
     */
    record RemediationStep(UUID executionId, String runbook, int step, String action, Boolean dryRun,
                           Map<String, Object> report, String error, Boolean retriable, String reason,
                           Map<String, Object> parameters, List<String> approvers, List<String> approverGroups,
                           Instant expiresAt, Instant decidedAt) implements TimelineDetails {
        @Override
        public Map<String, Object> toMap() {
            return facts("executionId", text(executionId), "runbook", runbook, "step", step, "action", action,
                    "dryRun", dryRun, "report", report == null ? null : new TreeMap<>(report), "error", error,
                    "retriable", retriable, "reason", reason,
                    "parameters", parameters == null ? null : new TreeMap<>(parameters), "approvers", approvers,
                    "approverGroups", approverGroups, "expiresAt", text(expiresAt), "decidedAt", text(decidedAt));
        }
    }

    private static Map<String, Object> facts(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                map.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return map;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
