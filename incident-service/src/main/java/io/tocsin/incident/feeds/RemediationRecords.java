package io.tocsin.incident.feeds;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
        Map<String, Object> details = TimelineDetails.of("executionId", r.executionId().toString(), "runbook", r.runbook(),
                "step", r.step() + 1, "action", r.action());
        String actor = "remediation";
        String summary;
        TimelineEntryType type = switch (r.kind()) {
            case STARTED -> {
                summary = "Remediation started: " + what + (r.dryRun() ? " — dry run" : "");
                details.put("dryRun", r.dryRun());
                yield TimelineEntryType.REMEDIATION_STARTED;
            }
            case SUCCEEDED -> {
                Object report = r.report() == null ? null : r.report().get("summary");
                summary = "Remediation succeeded: " + what + (report == null ? "" : ": " + report)
                        + (r.dryRun() ? " — dry run, nothing touched" : "");
                details.put("dryRun", r.dryRun());
                if (r.report() != null) {
                    details.put("report", new TreeMap<>(r.report()));
                }
                yield TimelineEntryType.REMEDIATION_SUCCEEDED;
            }
            case FAILED -> {
                summary = "Remediation failed: " + what + ": " + r.error();
                details.put("error", r.error());
                details.put("retriable", r.retriable());
                yield TimelineEntryType.REMEDIATION_FAILED;
            }
            case APPROVAL_EXPIRED -> {
                summary = "Remediation approval expired, step skipped: " + what;
                details.put("reason", r.reason());
                yield TimelineEntryType.REMEDIATION_APPROVAL_EXPIRED;
            }
            case CANCELLED -> {
                summary = "Remediation cancelled, the incident resolved: " + what;
                details.put("reason", r.reason());
                yield TimelineEntryType.REMEDIATION_CANCELLED;
            }
            case SKIPPED -> {
                summary = "Remediation skipped: " + what + ": " + r.reason();
                details.put("reason", r.reason());
                yield TimelineEntryType.REMEDIATION_SKIPPED;
            }
            case AWAITING_APPROVAL -> {
                summary = "Remediation awaits approval: " + what + (r.expiresAt() == null ? "" : " (until " + r.expiresAt() + ")");
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
                yield TimelineEntryType.REMEDIATION_AWAITING_APPROVAL;
            }
            case APPROVED -> {
                actor = r.decidedBy();
                summary = "Remediation approved by " + r.decidedBy() + ": " + what;
                yield TimelineEntryType.REMEDIATION_APPROVED;
            }
            case REJECTED -> {
                actor = r.decidedBy();
                summary = "Remediation rejected by " + r.decidedBy() + ": " + what + (r.reason() == null ? "" : ": " + r.reason());
                if (r.reason() != null) {
                    details.put("reason", r.reason());
                }
                yield TimelineEntryType.REMEDIATION_REJECTED;
            }
        };
        if (r.reportedAt() != null) {
            details.put("decidedAt", r.reportedAt().toString());
        }
        timeline.append(r.incidentId(), clock.instant(), type, actor, summary, details);
        return true;
    }
}
