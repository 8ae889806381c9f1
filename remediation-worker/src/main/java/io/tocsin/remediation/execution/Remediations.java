package io.tocsin.remediation.execution;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.IncidentCommand;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.RemediationResult;
import io.tocsin.remediation.RemediationSettings;
import io.tocsin.remediation.actions.ActionReport;
import io.tocsin.remediation.actions.RemediationAction;
import io.tocsin.remediation.catalogue.Catalogue;
import io.tocsin.remediation.catalogue.Runbook;
import io.tocsin.remediation.catalogue.Templates;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The execution lifecycle. Every state change and the {@link RemediationResult} reporting it are written
 * in one transaction (the result through the Spring Modulith outbox):
 * <ul>
 *   <li>{@link #plan}: a firing alert matching runbooks creates one PENDING row per step, keyed
 *   (incident, runbook, step), so redelivery or a second worker plans nothing twice;</li>
 *   <li>{@link #claimNext}: the next runnable step is taken under a lease, or parked AWAITING_APPROVAL;</li>
 *   <li>{@link #complete} / {@link #fail}: the outcome, and later steps CANCELLED when a step did not succeed;</li>
 *   <li>{@link #approve} / {@link #reject}: a responder's decision.</li>
 * </ul>
 */
@Service
public class Remediations {

    private static final Logger log = LoggerFactory.getLogger(Remediations.class);

    private final Executions executions;
    private final ApprovalPolicies approvals;
    private final Catalogue catalogue;
    private final Map<String, RemediationAction> actions;
    private final RemediationSettings settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MeterRegistry meters;

    Remediations(Executions executions, Catalogue catalogue, Map<String, RemediationAction> actionsByType,
                 RemediationSettings settings, ApplicationEventPublisher events, Clock clock, MeterRegistry meters,
                 ApprovalPolicies approvals) {
        this.approvals = approvals;
        this.executions = executions;
        this.catalogue = catalogue;
        this.actions = actionsByType;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
        this.meters = meters;
        for (String action : actionsByType.keySet()) {
            for (String outcome : List.of("succeeded", "skipped", "failed", "rejected")) {
                meters.counter("tocsin.remediation.executions", "action", action, "outcome", outcome); // at zero, for dashboards
            }
        }
    }

    /**
     * Plans the steps of every runbook matching each firing alert of {@code attached}, in the alerts' order; returns
     * how many steps were new. A runbook's steps are planned once per incident, with the first matching alert's labels
     * and annotations in their templates. Nothing is planned for an incident under a maintenance window
     * ({@code incident.inMaintenance}) or inhibited by a critical one ({@code incident.parentIncidentKey}; planned
     * when it is released, from {@code IncidentInhibitionEnded}).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int plan(IncidentEvent.AlertsAttached attached) {
        List<IncidentEvent.AttachedAlert> firing = attached.alerts().stream()
                .filter(a -> a.alertStatus() == AlertStatus.FIRING).toList();
        if (firing.isEmpty()) {
            return 0;
        }
        IncidentSummary incident = attached.incident();
        if (incident.parentIncidentKey() != null) {
            // Inhibited by a critical incident of its service: quiet everywhere; its runbooks wait for the release
            // (IncidentInhibitionEnded), since the critical incident's own runbooks are what is being done now.
            log.info("remediation.not_planned incident={} reason=inhibited parent={}", incident.key(),
                    incident.parentIncidentKey());
            return 0;
        }
        if (incident.inMaintenance()) {
            // People are working on it by hand: automation must not restart or kill what they are changing.
            log.info("remediation.not_planned incident={} reason=in_maintenance", incident.key());
            return 0;
        }
        Instant now = clock.instant();
        int planned = 0;
        Set<String> runbooks = new HashSet<>();
        for (IncidentEvent.AttachedAlert alert : firing) {
            for (Runbook runbook : catalogue.matching(alert.labels())) {
                if (runbooks.add(runbook.name())) {
                    planned += plan(incident, runbook, alert, now);
                }
            }
        }
        return planned;
    }

    private int plan(IncidentSummary incident, Runbook runbook, IncidentEvent.AttachedAlert alert, Instant now) {
        boolean dryRun = runbook.dryRun() == null ? settings.dryRun() : runbook.dryRun();
        int planned = 0;
        for (Runbook.Step step : runbook.steps()) {
            String status = "PENDING";
            String error = null;
            Map<String, Object> params;
            try {
                params = Templates.render(step.params(), alert.labels(), alert.annotations(),
                        Map.of("key", incident.key(), "id", incident.id().toString()));
            } catch (IllegalArgumentException e) {
                params = step.params();
                status = "FAILED";
                error = e.getMessage();
            }
            Execution e = new Execution(UUID.randomUUID(), incident.id(), incident.key(), runbook.name(),
                    step.index(), step.action(), actions.get(step.action()).target(), params, step.approval().name(),
                    dryRun, step.timeout().toMillis(), status, 0, null, null, null, null, error, now, null,
                    "FAILED".equals(status) ? now : null);
            if (executions.plan(e)) {
                planned++;
                if (error != null) {
                    events.publishEvent(new RemediationResult.RemediationFailed(UUID.randomUUID(), now, e.incidentId(),
                            e.id(), e.runbook(), e.step(), e.action(), error, false));
                    executions.cancelLater(e, "step " + (e.step() + 1) + " could not be prepared", now)
                            .forEach(c -> events.publishEvent(cancelled(c, "step " + (e.step() + 1) + " could not be prepared", now)));
                }
            }
        }
        if (planned > 0) {
            log.info("remediation.planned incident={} runbook={} dryRun={}", incident.key(), runbook.name(), dryRun);
        }
        return planned;
    }

    /** A step this worker took: run it. */
    public record Claimed(Execution execution, boolean firstAttempt) {
    }

    /**
     * Takes the next runnable step under a lease of its timeout plus the lease margin, or parks a step that
     * needs an approval it does not have. Empty when nothing is runnable.
     */
    @Transactional
    public Optional<Claimed> claimNext(String worker) {
        Instant now = clock.instant();
        while (true) {
            Optional<Execution> next = executions.lockNextRunnable(now);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            Execution e = next.get();
            if ("REQUIRED".equals(e.approval()) && e.decidedBy() == null && "PENDING".equals(e.status())) {
                ApprovalPolicies.Policy policy = approvals.of(e.runbook());
                Instant expiresAt = now.plus(policy.timeout());
                executions.awaitApproval(e.id(), expiresAt);
                events.publishEvent(new RemediationResult.RemediationAwaitingApproval(UUID.randomUUID(), now, e.incidentId(),
                        e.id(), e.runbook(), e.step(), e.action(), e.parameters(), policy.users(), policy.groups(), expiresAt));
                log.info("remediation.awaiting_approval incident={} runbook={} step={} execution={}", e.incidentKey(),
                        e.runbook(), e.step() + 1, e.id());
                continue;
            }
            boolean first = e.attempts() == 0;
            executions.startRunning(e.id(), worker, now, now.plusMillis(e.timeoutMs()).plus(settings.leaseMargin()));
            if (first) {
                events.publishEvent(new RemediationResult.RemediationStarted(UUID.randomUUID(), now, e.incidentId(), e.id(),
                        e.runbook(), e.step(), e.action(), e.dryRun()));
            } else {
                log.warn("remediation.taken_over incident={} execution={} previousWorker={} — re-checking preconditions",
                        e.incidentKey(), e.id(), e.worker());
            }
            return Optional.of(new Claimed(e, first));
        }
    }

    /** Records a step's report (succeeded, or skipped when there was nothing to do). */
    @Transactional
    public void complete(Execution e, String worker, ActionReport report, long millis) {
        Instant now = clock.instant();
        String status = report.skipped() ? "SKIPPED" : "SUCCEEDED";
        if (!executions.finish(e.id(), worker, status, report.summary(), report.details(), null, now)) {
            log.warn("remediation.lease_lost execution={} worker={}", e.id(), worker);
            return;
        }
        meters.counter("tocsin.remediation.executions", "action", e.action(), "outcome", status.toLowerCase()).increment();
        meters.timer("tocsin.remediation.duration", "action", e.action()).record(java.time.Duration.ofMillis(millis));
        events.publishEvent(report.skipped()
                ? new RemediationResult.RemediationSkipped(UUID.randomUUID(), now, e.incidentId(), e.id(), e.runbook(),
                e.step(), e.action(), report.summary())
                : new RemediationResult.RemediationSucceeded(UUID.randomUUID(), now, e.incidentId(), e.id(), e.runbook(),
                e.step(), e.action(), e.dryRun(), withSummary(report)));
    }

    /** Records a failed step and cancels the rest of its runbook. */
    @Transactional
    public void fail(Execution e, String worker, String error, boolean retriable) {
        Instant now = clock.instant();
        if (!executions.finish(e.id(), worker, "FAILED", null, null, error, now)) {
            log.warn("remediation.lease_lost execution={} worker={}", e.id(), worker);
            return;
        }
        meters.counter("tocsin.remediation.executions", "action", e.action(), "outcome", "failed").increment();
        events.publishEvent(new RemediationResult.RemediationFailed(UUID.randomUUID(), now, e.incidentId(), e.id(),
                e.runbook(), e.step(), e.action(), error, retriable));
        String reason = "step " + (e.step() + 1) + " (" + e.action() + ") failed";
        executions.cancelLater(e, reason, now).forEach(c -> events.publishEvent(cancelled(c, reason, now)));
        log.warn("remediation.failed incident={} runbook={} step={} action={} retriable={} error=\"{}\"", e.incidentKey(),
                e.runbook(), e.step() + 1, e.action(), retriable, error);
    }

    /** Puts a claimed step back for later (target busy or its circuit open). */
    @Transactional
    public void release(Execution e, String worker, java.time.Duration delay) {
        executions.release(e.id(), worker, clock.instant().plus(delay));
    }

    /**
     * A responder approves a step waiting for approval: it runs next, and {@link RemediationResult.RemediationApproved}
     * puts who and when on the incident's timeline. Unknown or already decided steps, and an actor the runbook's
     * approvers do not include, change nothing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void approve(IncidentCommand.ApproveRemediation command) {
        Instant now = clock.instant();
        if (!mayDecide(command.executionId(), command.actor())) {
            return;
        }
        executions.approve(command.executionId(), command.actor()).ifPresentOrElse(e -> {
            events.publishEvent(new RemediationResult.RemediationApproved(UUID.randomUUID(), now, e.incidentId(), e.id(),
                    e.runbook(), e.step(), e.action(), command.actor()));
            log.info("remediation.approved execution={} by={}", e.id(), command.actor());
        }, () -> log.warn("remediation.approval_ignored execution={} by={} reason=\"not awaiting approval\"",
                command.executionId(), command.actor()));
    }

    /**
     * A responder rejects a step: it is recorded REJECTED ({@link RemediationResult.RemediationRejected}, with who) and
     * the rest of its runbook cancelled. An actor the runbook's approvers do not include changes nothing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reject(IncidentCommand.RejectRemediation command) {
        Instant now = clock.instant();
        if (!mayDecide(command.executionId(), command.actor())) {
            return;
        }
        String reason = "rejected by " + command.actor() + (command.reason() == null ? "" : ": " + command.reason());
        executions.reject(command.executionId(), command.actor(), reason, now).ifPresent(e -> {
            meters.counter("tocsin.remediation.executions", "action", e.action(), "outcome", "rejected").increment();
            events.publishEvent(new RemediationResult.RemediationRejected(UUID.randomUUID(), now, e.incidentId(), e.id(),
                    e.runbook(), e.step(), e.action(), command.actor(), command.reason()));
            executions.cancelLater(e, "step " + (e.step() + 1) + " was rejected", now)
                    .forEach(c -> events.publishEvent(cancelled(c, "step " + (e.step() + 1) + " was rejected", now)));
        });
    }

    /** Whether {@code actor} may decide the step (its runbook's approval policy); logs a refusal. */
    private boolean mayDecide(UUID executionId, String actor) {
        Optional<Execution> waiting = executions.find(executionId);
        if (waiting.isPresent() && !approvals.of(waiting.get().runbook()).allows(actor)) {
            log.warn("remediation.decision_refused execution={} by={} reason=\"not an approver of runbook {}\"",
                    executionId, actor, waiting.get().runbook());
            return false;
        }
        return true;
    }

    /**
     * Skips every step whose approval request expired at {@code now}: {@code RemediationSkipped} with reason
     * {@code approval_expired}, and the rest of its runbook cancelled. Claimed with {@code SKIP LOCKED}, so with several
     * instances each request expires once.
     *
     * @return how many requests expired
     */
    @Transactional
    public int expireApprovals(Instant now) {
        List<Execution> expired = executions.expireApprovals(now, 100);
        for (Execution e : expired) {
            events.publishEvent(new RemediationResult.RemediationSkipped(UUID.randomUUID(), now, e.incidentId(), e.id(),
                    e.runbook(), e.step(), e.action(), RemediationResult.RemediationSkipped.APPROVAL_EXPIRED));
            String reason = "step " + (e.step() + 1) + "'s approval expired";
            executions.cancelLater(e, reason, now).forEach(c -> events.publishEvent(cancelled(c, reason, now)));
            log.info("remediation.approval_expired incident={} runbook={} step={} execution={}", e.incidentKey(),
                    e.runbook(), e.step() + 1, e.id());
        }
        return expired.size();
    }

    /**
     * The incident resolved: every step of it that has not started (waiting for approval, or pending) is cancelled,
     * each with {@code RemediationSkipped} reason {@code incident_resolved}, so a late click runs nothing.
     *
     * @return how many steps were cancelled
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int incidentResolved(IncidentEvent.IncidentResolved resolved) {
        Instant now = clock.instant();
        List<Execution> cancelled = executions.cancelWaiting(resolved.incident().id(), RemediationResult.RemediationSkipped.INCIDENT_RESOLVED, now);
        for (Execution e : cancelled) {
            events.publishEvent(new RemediationResult.RemediationSkipped(UUID.randomUUID(), now, e.incidentId(), e.id(),
                    e.runbook(), e.step(), e.action(), RemediationResult.RemediationSkipped.INCIDENT_RESOLVED));
        }
        if (!cancelled.isEmpty()) {
            log.info("remediation.cancelled incident={} steps={} reason=incident_resolved", resolved.incident().key(),
                    cancelled.size());
        }
        return cancelled.size();
    }

    private RemediationResult cancelled(Execution c, String reason, Instant now) {
        return new RemediationResult.RemediationSkipped(UUID.randomUUID(), now, c.incidentId(), c.id(), c.runbook(),
                c.step(), c.action(), "cancelled: " + reason);
    }

    private static Map<String, Object> withSummary(ActionReport report) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("summary", report.summary());
        if (report.details() != null) {
            details.putAll(report.details());
        }
        return details;
    }

    /** Listing for the API. */
    @Transactional(readOnly = true)
    public List<Execution> ofIncident(String incident) {
        return incident == null || incident.isBlank() ? executions.recent(200) : executions.ofIncident(incident);
    }
}
