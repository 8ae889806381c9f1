package io.tocsin.incident.escalation;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentMetrics;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.incident.Page;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Escalation applied over time: incidents not acknowledged by their deadline escalate one level at a time — by the
 * on-call escalation policy that matches them, or seed 000's matrix ({@link EscalationPolicy}) — each page of a level
 * recorded as a {@code page.sent} timeline entry, and a missed resolve target is recorded once. Each incident is re-checked under its row lock, so a due
 * incident escalates once however many scans see it.
 */
@Service
public class Escalations {

    private static final Logger log = LoggerFactory.getLogger(Escalations.class);
    private final IncidentRepository incidents;
    private final EscalationPolicy policy;
    private final Timeline timeline;
    private final IncidentMetrics metrics;

    Escalations(IncidentRepository incidents, EscalationPolicy policy, Timeline timeline, IncidentMetrics metrics) {
        this.incidents = incidents;
        this.policy = policy;
        this.timeline = timeline;
        this.metrics = metrics;
    }

    /**
     * Escalates one incident that is due at {@code now}: still TRIGGERED, escalating, and its next escalation due. The
     * level rises by one, an {@code incident.escalated} entry (actor {@code system}), one {@code page.sent} per page
     * and an {@code IncidentEscalated} event are written, and the next deadline is what {@link EscalationPolicy} says:
     * the policy's next level delay (none after its last level and repeats), or, for the built-in matrix, one
     * acknowledge target later with the last level repeating. Exactly at the deadline counts as due.
     *
     * @return whether it escalated (false when acknowledged or resolved meanwhile, or not due, or deferred: its policy
     *         waits for its schedules to cover, and the level is due again then)
     */
    @Transactional
    public boolean escalateIfDue(UUID id, Instant now) {
        Optional<Incident> locked = incidents.findForUpdate(id);
        if (locked.isEmpty() || !locked.get().isEscalationDue(now)) {
            return false;
        }
        Incident incident = locked.get();
        Instant dueAt = incident.escalation().nextEscalationAt();
        EscalationPolicy.Step step = policy.next(incident, now);
        if (step.deferredUntil() != null) {
            incident.deferEscalation(now, step.deferredUntil());
            timeline.append(id, now, TimelineEntryType.ESCALATION_DEFERRED, "system", "Level " + step.level() + " ("
                            + step.target() + ") waits until " + step.deferredUntil() + ": " + step.reason(),
                    new TimelineDetails.EscalationDeferred(step.level(), step.policy(), step.target(), step.deferredUntil()));
            incidents.save(incident);
            log.info("incident.escalation_deferred incident={} level={} until={}", incident.key(), step.level(), step.deferredUntil());
            return false;
        }
        incident.escalate(now, step.target(), step.reason(), step.next(), step.pages());
        timeline.append(id, now, TimelineEntryType.INCIDENT_ESCALATED, "system", "Escalated to level " + step.level()
                        + " (" + step.name() + ": " + step.target() + "): " + step.reason(),
                new TimelineDetails.Escalated(step.level(), step.name(), step.target(), dueAt, step.next()));
        for (Page page : step.pages()) {
            timeline.append(id, now, TimelineEntryType.PAGE_SENT, "system", (Page.PAGED.equals(page.outcome())
                            ? "Paged " : "Could not page: ") + page.describe() + " at level " + step.level(),
                    new TimelineDetails.PageSent(step.level(), step.policy(), page.target(), page.person(), page.name(),
                            page.slackUserId(), page.slackUserGroupId(), "slack", page.outcome()));
        }
        metrics.escalated(incident);
        incidents.save(incident);
        log.info("incident.escalated incident={} level={} target={} pages={}", incident.key(), step.level(), step.target(),
                step.pages().stream().map(Page::describe).toList());
        return true;
    }

    /** Records once that an unresolved incident missed its resolve target. */
    @Transactional
    public boolean recordResolveBreachIfDue(UUID id, Instant now) {
        Optional<Incident> locked = incidents.findForUpdate(id);
        if (locked.isEmpty() || !locked.get().isResolveBreachDue(now)) {
            return false;
        }
        Incident incident = locked.get();
        incident.missResolveTarget(now);
        Duration target = policy.resolveTarget(incident.severity());
        timeline.append(id, now, TimelineEntryType.INCIDENT_RESOLVE_TARGET_MISSED, "system",
                "Resolve target missed: not resolved within " + target.toHours() + " h (" + incident.severity() + ")",
                new TimelineDetails.ResolveTargetMissed(incident.escalation().resolveDueAt()));
        metrics.resolveTargetMissed(incident);
        incidents.save(incident);
        return true;
    }

    /** Incidents due for escalation ({@code escalation=true}) or for a resolve breach at {@code now}, at most 200. */
    @Transactional(readOnly = true)
    public List<UUID> dueAt(Instant now, boolean escalation) {
        return escalation ? incidents.dueForEscalation(now, 200) : incidents.dueForResolveBreach(now, 200);
    }
}
