package io.tocsin.contracts.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What remediation-worker did for an incident, on {@code remediation.results.v1} keyed by incident id.
 * Every variant names the execution, the runbook, the step (0-based) and the action type.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RemediationResult.RemediationStarted.class, name = MessageTypes.REMEDIATION_STARTED),
        @JsonSubTypes.Type(value = RemediationResult.RemediationSucceeded.class, name = MessageTypes.REMEDIATION_SUCCEEDED),
        @JsonSubTypes.Type(value = RemediationResult.RemediationFailed.class, name = MessageTypes.REMEDIATION_FAILED),
        @JsonSubTypes.Type(value = RemediationResult.RemediationSkipped.class, name = MessageTypes.REMEDIATION_SKIPPED),
        @JsonSubTypes.Type(value = RemediationResult.RemediationAwaitingApproval.class, name = MessageTypes.REMEDIATION_AWAITING_APPROVAL),
        @JsonSubTypes.Type(value = RemediationResult.RemediationApproved.class, name = MessageTypes.REMEDIATION_APPROVED),
        @JsonSubTypes.Type(value = RemediationResult.RemediationRejected.class, name = MessageTypes.REMEDIATION_REJECTED)
})
public sealed interface RemediationResult extends TocsinMessage {

    /** The incident the remediation runs for. */
    UUID incidentId();

    /** One execution of one runbook step. */
    UUID executionId();

    /** Runbook name from the catalogue. */
    String runbook();

    /** 0-based step index within the runbook. */
    int step();

    /** Action type, e.g. {@code redis.set-config}. */
    String action();

    @Override
    default String partitionKey() {
        return incidentId().toString();
    }

    /** The step began. */
    record RemediationStarted(UUID eventId, Instant occurredAt, UUID incidentId, UUID executionId, String runbook,
                              int step, String action, boolean dryRun) implements RemediationResult {
    }

    /** The step acted and its verification passed; {@code details} says what it did. */
    record RemediationSucceeded(UUID eventId, Instant occurredAt, UUID incidentId, UUID executionId, String runbook,
                                int step, String action, boolean dryRun, Map<String, Object> details)
            implements RemediationResult {
    }

    /** The step failed; {@code retriable} tells whether it may be tried again. */
    record RemediationFailed(UUID eventId, Instant occurredAt, UUID incidentId, UUID executionId, String runbook,
                             int step, String action, String error, boolean retriable) implements RemediationResult {
    }

    /**
     * The step did not run: precondition unmet, budget spent, already done, or cancelled. {@code reason} is
     * {@code approval_expired} when nobody approved it in time and {@code incident_resolved} when its incident resolved
     * before it ran; {@code cancelled: …} when an earlier step of its runbook did not succeed.
     */
    record RemediationSkipped(UUID eventId, Instant occurredAt, UUID incidentId, UUID executionId, String runbook,
                              int step, String action, String reason) implements RemediationResult {

        /** {@code reason}: nobody decided the approval request in time. */
        public static final String APPROVAL_EXPIRED = "approval_expired";
        /** {@code reason}: the incident resolved before the step started. */
        public static final String INCIDENT_RESOLVED = "incident_resolved";
    }

    /**
     * The step waits for a responder's approval ({@code ApproveRemediation}).
     *
     * @param approvers      Slack user ids allowed to decide; with {@code approverGroups} empty too, anyone may
     *                       ({@code null} in messages from before approvers existed)
     * @param approverGroups Slack user group ids whose members may decide
     * @param expiresAt      when the request lapses and the step is skipped ({@code approval_expired}); may be {@code null}
     */
    record RemediationAwaitingApproval(UUID eventId, Instant occurredAt, UUID incidentId, UUID executionId,
                                       String runbook, int step, String action, Map<String, Object> parameters,
                                       java.util.List<String> approvers, java.util.List<String> approverGroups,
                                       Instant expiresAt)
            implements RemediationResult {
    }

    /** A responder approved the step; it runs next. {@code approvedBy}: {@code slack:U123}. */
    record RemediationApproved(UUID eventId, Instant occurredAt, UUID incidentId, UUID executionId, String runbook,
                               int step, String action, String approvedBy) implements RemediationResult {
    }

    /** A responder rejected the step; it and the rest of its runbook do not run. {@code reason} may be {@code null}. */
    record RemediationRejected(UUID eventId, Instant occurredAt, UUID incidentId, UUID executionId, String runbook,
                               int step, String action, String rejectedBy, String reason) implements RemediationResult {
    }
}
