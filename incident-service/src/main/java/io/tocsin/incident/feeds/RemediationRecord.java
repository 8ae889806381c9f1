package io.tocsin.incident.feeds;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What remediation-worker reported about one runbook step ({@code remediation.results.v1}, mapped by messaging).
 *
 * @param step        0-based step index (entries show it 1-based)
 * @param decidedBy   the responder who approved or rejected ({@code slack:U123}); {@code null} for the others
 * @param reason      why it was skipped or rejected; {@code null} when none
 * @param report      what a succeeded step did ({@code summary} …); {@code null} when none
 * @param parameters  the parameters an approval request shows; {@code null} when none
 * @param approvers   Slack user ids allowed to approve; {@code null} when not said
 * @param expiresAt   when an approval request lapses; {@code null} when never
 * @param reportedAt  when remediation-worker recorded it
 */
public record RemediationRecord(UUID incidentId, UUID executionId, String runbook, int step, String action, Kind kind,
                                boolean dryRun, String error, boolean retriable, String decidedBy, String reason,
                                Map<String, Object> report, Map<String, Object> parameters, List<String> approvers,
                                List<String> approverGroups, Instant expiresAt, Instant reportedAt) {

    /** What happened to the step. */
    public enum Kind { STARTED, SUCCEEDED, FAILED, SKIPPED, APPROVAL_EXPIRED, CANCELLED, AWAITING_APPROVAL, APPROVED, REJECTED }
}
