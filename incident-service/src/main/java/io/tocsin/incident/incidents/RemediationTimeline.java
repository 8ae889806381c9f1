package io.tocsin.incident.incidents;

import io.tocsin.common.messages.RemediationResult;
import io.tocsin.incident.incidents.internal.JdbcIncidentStore;
import io.tocsin.incident.timeline.Timeline;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * remediation-worker's results on the incident's timeline ({@code remediation.results.v1}): what each runbook step
 * did, and every approval decision with who and when. Recording them changes nothing else of the incident.
 */
@Service
public class RemediationTimeline {

    private static final Logger log = LoggerFactory.getLogger(RemediationTimeline.class);
    private final JdbcIncidentStore incidents;
    private final Timeline timeline;
    private final Clock clock;

    RemediationTimeline(JdbcIncidentStore incidents, Timeline timeline, Clock clock) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.clock = clock;
    }

    /**
     * Records a remediation step's outcome on the incident's timeline: types
     * {@code remediation.started|succeeded|failed|skipped|awaiting_approval|approval_expired|cancelled} (actor
     * {@code remediation}) and {@code remediation.approved|rejected} (actor the
     * responder, {@code slack:U123}): every approval decision with who, and when ({@code details.decidedAt}).
     *
     * @return {@code false} when the incident is unknown here (nothing recorded)
     */
    @Transactional
    public boolean record(RemediationResult result) {
        Optional<Incident> found = incidents.findForUpdate(result.incidentId());
        if (found.isEmpty()) {
            log.warn("remediation.unknown_incident incident={} execution={}", result.incidentId(), result.executionId());
            return false;
        }
        String what = result.action() + " (runbook " + result.runbook() + ", step " + (result.step() + 1) + ")";
        Map<String, Object> details = Incidents.ordered("executionId", result.executionId().toString(), "runbook", result.runbook(),
                "step", result.step() + 1, "action", result.action());
        String type;
        String summary;
        String actor = "remediation";
        switch (result) {
            case RemediationResult.RemediationStarted r -> {
                type = "remediation.started";
                summary = "Remediation started: " + what + (r.dryRun() ? " — dry run" : "");
                details.put("dryRun", r.dryRun());
            }
            case RemediationResult.RemediationSucceeded r -> {
                type = "remediation.succeeded";
                Object report = r.details() == null ? null : r.details().get("summary");
                summary = "Remediation succeeded: " + what + (report == null ? "" : ": " + report)
                        + (r.dryRun() ? " — dry run, nothing touched" : "");
                details.put("dryRun", r.dryRun());
                if (r.details() != null) {
                    details.put("report", new TreeMap<>(r.details()));
                }
            }
            case RemediationResult.RemediationFailed r -> {
                type = "remediation.failed";
                summary = "Remediation failed: " + what + ": " + r.error();
                details.put("error", r.error());
                details.put("retriable", r.retriable());
            }
            case RemediationResult.RemediationSkipped r -> {
                type = switch (r.reason()) {
                    case RemediationResult.RemediationSkipped.APPROVAL_EXPIRED -> "remediation.approval_expired";
                    case RemediationResult.RemediationSkipped.INCIDENT_RESOLVED -> "remediation.cancelled";
                    default -> "remediation.skipped";
                };
                summary = switch (r.reason()) {
                    case RemediationResult.RemediationSkipped.APPROVAL_EXPIRED -> "Remediation approval expired, step skipped: " + what;
                    case RemediationResult.RemediationSkipped.INCIDENT_RESOLVED -> "Remediation cancelled, the incident resolved: " + what;
                    default -> "Remediation skipped: " + what + ": " + r.reason();
                };
                details.put("reason", r.reason());
            }
            case RemediationResult.RemediationAwaitingApproval r -> {
                type = "remediation.awaiting_approval";
                summary = "Remediation awaits approval: " + what
                        + (r.expiresAt() == null ? "" : " (until " + r.expiresAt() + ")");
                if (r.parameters() != null) {
                    details.put("parameters", new TreeMap<>(r.parameters()));
                }
                if (r.approvers() != null) {
                    details.put("approvers", r.approvers());
                }
                if (r.approverGroups() != null) {
                    details.put("approverGroups", r.approverGroups());
                }
                if (r.expiresAt() != null) {
                    details.put("expiresAt", r.expiresAt().toString());
                }
            }
            case RemediationResult.RemediationApproved r -> {
                type = "remediation.approved";
                actor = r.approvedBy();
                summary = "Remediation approved by " + r.approvedBy() + ": " + what;
            }
            case RemediationResult.RemediationRejected r -> {
                type = "remediation.rejected";
                actor = r.rejectedBy();
                summary = "Remediation rejected by " + r.rejectedBy() + ": " + what
                        + (r.reason() == null ? "" : ": " + r.reason());
                if (r.reason() != null) {
                    details.put("reason", r.reason());
                }
            }
        }
        if (result.occurredAt() != null) {
            details.put("decidedAt", result.occurredAt().toString()); // when remediation-worker recorded it
        }
        timeline.append(result.incidentId(), clock.instant(), type, actor, summary, details);
        return true;
    }

}
