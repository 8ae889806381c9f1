package io.tocsin.incident.feeds;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * remediation-worker's results on the incident's timeline: what each runbook step did, and every approval decision
 * with who and when. Recording them changes nothing else of the incident.
 */
@Service
public class RemediationRecords {

    private static final Logger log = LoggerFactory.getLogger(RemediationRecords.class);
    private final IncidentRepository incidents;
    private final Timeline timeline;
    private final Clock clock;

    RemediationRecords(IncidentRepository incidents, Timeline timeline, Clock clock) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.clock = clock;
    }

    /**
     * Records a remediation step's outcome on the incident's timeline: types
     * {@code remediation.started|succeeded|failed|skipped|awaiting_approval|approval_expired|cancelled} (actor
     * {@code remediation}) and {@code remediation.approved|rejected} (actor the responder, {@code slack:U123}), with
     * when it was decided ({@code details.decidedAt}).
     *
     * @return {@code false} when the incident is unknown here (nothing recorded)
     */
    @Transactional
    public boolean record(RemediationRecord r) {
        Optional<Incident> found = incidents.findForUpdate(r.incidentId());
        if (found.isEmpty()) {
            log.warn("remediation.unknown_incident incident={} execution={}", r.incidentId(), r.executionId());
            return false;
        }
        String what = r.action() + " (runbook " + r.runbook() + ", step " + (r.step() + 1) + ")";
        String summary = switch (r.kind()) {
            case STARTED -> "Remediation started: " + what + (r.dryRun() ? " — dry run" : "");
            case SUCCEEDED -> {
                Object report = r.report() == null ? null : r.report().get("summary");
                yield "Remediation succeeded: " + what + (report == null ? "" : ": " + report)
                        + (r.dryRun() ? " — dry run, nothing touched" : "");
            }
            case FAILED -> "Remediation failed: " + what + ": " + r.error();
            case APPROVAL_EXPIRED -> "Remediation approval expired, step skipped: " + what;
            case CANCELLED -> "Remediation cancelled, the incident resolved: " + what;
            case SKIPPED -> "Remediation skipped: " + what + ": " + r.reason();
            case AWAITING_APPROVAL -> "Remediation awaits approval: " + what
                    + (r.expiresAt() == null ? "" : " (until " + r.expiresAt() + ")");
            case APPROVED -> "Remediation approved by " + r.decidedBy() + ": " + what;
            case REJECTED -> "Remediation rejected by " + r.decidedBy() + ": " + what
                    + (r.reason() == null ? "" : ": " + r.reason());
        };
        TimelineEntryType type = switch (r.kind()) {
            case STARTED -> TimelineEntryType.REMEDIATION_STARTED;
            case SUCCEEDED -> TimelineEntryType.REMEDIATION_SUCCEEDED;
            case FAILED -> TimelineEntryType.REMEDIATION_FAILED;
            case APPROVAL_EXPIRED -> TimelineEntryType.REMEDIATION_APPROVAL_EXPIRED;
            case CANCELLED -> TimelineEntryType.REMEDIATION_CANCELLED;
            case SKIPPED -> TimelineEntryType.REMEDIATION_SKIPPED;
            case AWAITING_APPROVAL -> TimelineEntryType.REMEDIATION_AWAITING_APPROVAL;
            case APPROVED -> TimelineEntryType.REMEDIATION_APPROVED;
            case REJECTED -> TimelineEntryType.REMEDIATION_REJECTED;
        };
        boolean decided = r.kind() == RemediationRecord.Kind.APPROVED || r.kind() == RemediationRecord.Kind.REJECTED;
        String actor = decided ? r.decidedBy() : "remediation";
        timeline.append(r.incidentId(), clock.instant(), type, actor, summary, details(r));
        return true;
    }

    /** The facts of {@code r} that apply to its kind (see {@link TimelineDetails.RemediationStep}). */
    private static TimelineDetails details(RemediationRecord r) {
        RemediationRecord.Kind kind = r.kind();
        boolean ran = kind == RemediationRecord.Kind.STARTED || kind == RemediationRecord.Kind.SUCCEEDED;
        boolean failed = kind == RemediationRecord.Kind.FAILED;
        boolean awaiting = kind == RemediationRecord.Kind.AWAITING_APPROVAL;
        boolean withReason = switch (kind) {
            case SKIPPED, APPROVAL_EXPIRED, CANCELLED, REJECTED -> true;
            default -> false;
        };
        return new TimelineDetails.RemediationStep(r.executionId(), r.runbook(), r.step() + 1, r.action(),
                ran ? r.dryRun() : null, kind == RemediationRecord.Kind.SUCCEEDED ? r.report() : null,
                failed ? r.error() : null, failed ? r.retriable() : null, withReason ? r.reason() : null,
                awaiting ? r.parameters() : null, awaiting ? r.approvers() : null, awaiting ? r.approverGroups() : null,
                awaiting ? r.expiresAt() : null, r.reportedAt());
    }
}
