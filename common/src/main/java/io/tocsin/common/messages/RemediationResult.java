package io.tocsin.common.messages;

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
        @JsonSubTypes.Type(value = RemediationResult.RemediationAwaitingApproval.class, name = MessageTypes.REMEDIATION_AWAITING_APPROVAL)
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

    /** The step did not run: precondition unmet, budget spent, already done, rejected. */
    record RemediationSkipped(UUID eventId, Instant occurredAt, UUID incidentId, UUID executionId, String runbook,
                              int step, String action, String reason) implements RemediationResult {
    }

    /** The step waits for a responder's approval ({@code ApproveRemediation}). */
    record RemediationAwaitingApproval(UUID eventId, Instant occurredAt, UUID incidentId, UUID executionId,
                                       String runbook, int step, String action, Map<String, Object> parameters)
            implements RemediationResult {
    }
}
