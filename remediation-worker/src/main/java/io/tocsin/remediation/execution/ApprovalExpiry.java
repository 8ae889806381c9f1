package io.tocsin.remediation.execution;

import io.tocsin.remediation.RemediationSettings;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires approval requests (issue 14): every {@code tocsin.remediation.approvals.sweep-interval} (15 s) the steps
 * whose request passed its {@code approval_expires_at} are skipped with reason {@code approval_expired}
 * ({@link Remediations#expireApprovals}).
 *
 * <p>Owner: each expired step is claimed by a conditional update under {@code FOR UPDATE SKIP LOCKED}, so with several
 * instances each request expires exactly once, and a dead instance leaves nothing behind for the others.
 */
@Component
class ApprovalExpiry {

    private static final Logger log = LoggerFactory.getLogger(ApprovalExpiry.class);
    private final Remediations remediations;
    private final RemediationSettings settings;
    private final Clock clock;

    ApprovalExpiry(Remediations remediations, RemediationSettings settings, Clock clock) {
        this.remediations = remediations;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${tocsin.remediation.approvals.sweep-interval:15s}")
    void sweep() {
        try {
            remediations.expireApprovals(clock.instant());
        } catch (RuntimeException e) {
            log.warn("remediation.approval_sweep_failed reason=\"{}\"", e.getMessage());
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenOpen() {
        if (settings.approvals().approvers().isEmpty() && settings.approvals().approverGroups().isEmpty()) {
            log.warn("remediation.approvals_open: any Slack user may approve steps of runbooks without approvers; set "
                    + "tocsin.remediation.approvals.approvers or .approver-groups");
        }
    }
}
