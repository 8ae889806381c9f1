package io.tocsin.incident.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An incident: the aggregate that owns all of its state and decides every change to it (style.md, 18). Status,
 * severity, escalation level and due times, the storm mark, flapping, the maintenance window and the inhibiting
 * parent change only through the methods here, each of which checks that the change is allowed and throws
 * {@link IllegalIncidentTransition} (naming the current state) when it is not. Each change registers an
 * {@link IncidentChange}; {@link IncidentRepository#save} persists the state and hands the changes on.
 *
 * <p>Lifecycle (design.md): {@code TRIGGERED → ACKNOWLEDGED → RESOLVED}; TRIGGERED may resolve directly. An incident
 * escalates only while it is TRIGGERED, not inhibited and not under a maintenance window.
 */
public final class Incident extends AggregateChanges<IncidentChange> {

    private final IncidentOrigin origin;
    private IncidentStatus status;
    private Severity severity;
    private Instant acknowledgedAt;
    private String acknowledgedBy;
    private Instant resolvedAt;
    private String resolvedBy;
    private UUID parentIncidentId;
    private String parentIncidentKey;
    private Instant flappingSince;
    private UUID maintenanceWindowId;
    private boolean inMaintenance;
    private boolean stormRaised;
    private Escalation escalation;

    /** Between {@link #open} and the first {@link #pullChanges}: what happens now is part of the opening. */
    private boolean opening;

    private Incident(IncidentState s, boolean persisted) {
        super(persisted);
        this.origin = Objects.requireNonNull(s.origin());
        this.status = s.status();
        this.severity = s.severity();
        this.acknowledgedAt = s.acknowledgedAt();
        this.acknowledgedBy = s.acknowledgedBy();
        this.resolvedAt = s.resolvedAt();
        this.resolvedBy = s.resolvedBy();
        this.parentIncidentId = s.parentIncidentId();
        this.parentIncidentKey = s.parentIncidentKey();
        this.flappingSince = s.flappingSince();
        this.maintenanceWindowId = s.maintenanceWindowId();
        this.inMaintenance = s.inMaintenance();
        this.stormRaised = s.stormRaised();
        this.escalation = s.escalation() == null ? new Escalation(0, null, null, false) : s.escalation();
    }

    /** Rebuilds a stored incident (repositories only). */
    public static Incident rebuild(IncidentState state) {
        return new Incident(state, true);
    }

    /**
     * Opens a TRIGGERED incident with its acknowledge and resolve deadlines counted from {@code origin.openedAt()}.
     *
     * @param previous the last incident of the grouping key, which this one follows ({@code origin.previousIncidentId()});
     *                 {@code null} when none
     */
    public static Incident open(IncidentOrigin origin, Severity severity, Incident previous, ResponseTargets targets) {
        return opened(origin, severity, targets, previous == null ? null : previous.key(), null);
    }

    /**
     * Opens a TRIGGERED incident a person declared (no alert): it escalates by its severity and labels as any other.
     *
     * @param by who declared it, {@code slack:U123} or {@code api:<name>}
     */
    public static Incident declare(IncidentOrigin origin, Severity severity, ResponseTargets targets, String by) {
        return opened(origin, severity, targets, null, by);
    }

    private static Incident opened(IncidentOrigin origin, Severity severity, ResponseTargets targets, String previousKey,
                                   String declaredBy) {
        Instant at = origin.openedAt();
        Incident incident = new Incident(new IncidentState(origin, IncidentStatus.TRIGGERED, severity, null, null, null,
                null, null, null, null, null, false, false, Escalation.startingAt(at, severity, origin.labels(), targets)), false);
        incident.opening = true;
        incident.register(new IncidentChange.IncidentOpened(UUID.randomUUID(), at, previousKey, declaredBy));
        return incident;
    }

    /**
     * A responder takes the incident; it stops escalating (its resolve target still counts).
     *
     * @throws IllegalIncidentTransition unless the incident is TRIGGERED
     */
    public void acknowledge(String actor, Instant at) {
        if (status != IncidentStatus.TRIGGERED) {
            throw new IllegalIncidentTransition(key(), status, "acknowledge");
        }
        status = IncidentStatus.ACKNOWLEDGED;
        acknowledgedAt = at;
        acknowledgedBy = actor;
        escalation = escalation.acknowledged();
        register(new IncidentChange.IncidentAcknowledged(UUID.randomUUID(), at, actor));
    }

    /**
     * Resolves the incident, by a responder or because its alerts ended: no more due times, no more flapping.
     *
     * @throws IllegalIncidentTransition when it is already RESOLVED
     */
    public void resolve(String actor, Instant at) {
        if (status == IncidentStatus.RESOLVED) {
            throw new IllegalIncidentTransition(key(), status, "resolve");
        }
        status = IncidentStatus.RESOLVED;
        resolvedAt = at;
        resolvedBy = actor;
        flappingSince = null;
        stopTimers();
        register(new IncidentChange.IncidentResolved(UUID.randomUUID(), at, actor));
    }

    /**
     * Raises the severity when {@code candidate} is worse; never lowers it (a resolved alert does not make an incident
     * less severe, and a responder's judgement is not undone by automation). An escalating incident's deadlines move
     * to the new severity's when those come earlier.
     *
     * @return whether the severity changed
     * @throws IllegalIncidentTransition when the incident is RESOLVED
     */
    public boolean raiseSeverityTo(Severity candidate, String reason, Instant at, ResponseTargets targets) {
        requireOpen("raise severity");
        if (!candidate.isWorseThan(severity)) {
            return false;
        }
        Severity before = severity;
        severity = candidate;
        if (escalates()) {
            escalation = escalation.raisedTo(severity, origin.openedAt(), origin.labels(), status == IncidentStatus.TRIGGERED, targets);
        }
        register(new IncidentChange.SeverityChanged(UUID.randomUUID(), at, before, severity, reason));
        return true;
    }

    /**
     * A person sets the severity, up or down (seeds 002, 004: severity follows the blast radius). Up: as
     * {@link #raiseSeverityTo}; down: the deadlines of the new severity ({@link Escalation#loweredTo}).
     *
     * @return whether it changed
     * @throws IllegalIncidentTransition when the incident is RESOLVED
     */
    public boolean setSeverity(Severity to, String reason, Instant at, ResponseTargets targets) {
        requireOpen("change the severity of");
        if (to == severity) {
            return false;
        }
        if (to.isWorseThan(severity)) {
            return raiseSeverityTo(to, reason, at, targets);
        }
        Severity before = severity;
        severity = to;
        if (escalates()) {
            escalation = escalation.loweredTo(severity, origin.openedAt(), origin.labels(), status == IncidentStatus.TRIGGERED,
                    targets);
        }
        register(new IncidentChange.SeverityChanged(UUID.randomUUID(), at, before, severity, reason));
        return true;
    }

    /**
     * The storm rule's raise: one level, once per incident, never past SEV1.
     *
     * @return the severity before, when it rose
     * @throws IllegalIncidentTransition when the incident is RESOLVED
     */
    public Optional<Severity> raiseSeverityForStorm(String reason, Instant at, ResponseTargets targets) {
        requireOpen("apply the storm rule to");
        if (stormRaised || severity == Severity.SEV1) {
            return Optional.empty();
        }
        stormRaised = true;
        changed();
        Severity before = severity;
        raiseSeverityTo(Severity.values()[before.ordinal() - 1], reason, at, targets);
        return Optional.of(before);
    }

    /**
     * Marks the incident flapping: it is held open when its alerts resolve, and consumers throttle its notifications.
     *
     * @throws IllegalIncidentTransition when it is RESOLVED or already flapping
     */
    public void startFlapping(String fingerprint, int stateChanges, Duration window, Instant at) {
        requireOpen("start flapping");
        if (flappingSince != null) {
            throw new IllegalIncidentTransition(key(), status, "start flapping", "it flaps since " + flappingSince);
        }
        flappingSince = at;
        changed();
        register(new IncidentChange.FlappingStarted(UUID.randomUUID(), at, fingerprint, stateChanges, window.toSeconds()));
    }

    /**
     * Ends flapping.
     *
     * @return when flapping had started
     * @throws IllegalIncidentTransition when it is not flapping
     */
    public Instant endFlapping(Instant at) {
        if (flappingSince == null) {
            throw new IllegalIncidentTransition(key(), status, "end flapping", "it is not flapping");
        }
        Instant since = flappingSince;
        flappingSince = null;
        changed();
        register(new IncidentChange.FlappingEnded(UUID.randomUUID(), at, since));
        return since;
    }

    /**
     * Becomes the inhibited child of {@code parent} (an open SEV1/SEV2 incident of its service): it stops escalating
     * and is not notified separately. Moving to another parent when the first resolves is the same transition.
     *
     * @throws IllegalIncidentTransition when this incident is RESOLVED, or {@code parent} is this incident
     */
    public void inhibitBy(Incident parent) {
        requireOpen("inhibit");
        if (parent.id().equals(id())) {
            throw new IllegalIncidentTransition(key(), status, "inhibit", "an incident cannot inhibit itself");
        }
        parentIncidentId = parent.id();
        parentIncidentKey = parent.key();
        stopTimers();
    }

    /**
     * Inhibition ended with its parent: escalates and is notified as its own incident from now, its deadlines counted
     * from {@code at} (unless it is under a maintenance window).
     *
     * @param firingAlerts its alerts still firing, oldest first
     * @throws IllegalIncidentTransition when it is not inhibited
     */
    public void release(Instant at, List<AttachedAlert> firingAlerts, ResponseTargets targets) {
        if (parentIncidentId == null) {
            throw new IllegalIncidentTransition(key(), status, "release", "it is not inhibited");
        }
        String parentKey = parentIncidentKey;
        parentIncidentId = null;
        parentIncidentKey = null;
        if (!inMaintenance) {
            restartTimers(at, targets);
        }
        register(new IncidentChange.InhibitionEnded(UUID.randomUUID(), at, parentKey, firingAlerts));
    }

    /**
     * Falls under a maintenance window: recorded, not escalated, not notified. One that is opening says so in its
     * opening; an announced one registers {@link IncidentChange.MaintenanceStarted}.
     *
     * @throws IllegalIncidentTransition when it is RESOLVED or already under a window
     */
    public void enterMaintenance(UUID windowId, String comment, Instant endsAt, Instant at) {
        requireOpen("put under maintenance");
        if (inMaintenance) {
            throw new IllegalIncidentTransition(key(), status, "put under maintenance",
                    "it is under window " + maintenanceWindowId);
        }
        maintenanceWindowId = windowId;
        inMaintenance = true;
        stopTimers();
        if (!opening) {
            register(new IncidentChange.MaintenanceStarted(UUID.randomUUID(), at, windowId, comment, endsAt));
        }
    }

    /**
     * Its maintenance window ended: an open, not inhibited incident escalates again, its deadlines counted from
     * {@code at} (a resolve target already missed stays missed).
     *
     * @throws IllegalIncidentTransition when it is not under a maintenance window
     */
    public void leaveMaintenance(Instant at, ResponseTargets targets) {
        if (!inMaintenance) {
            throw new IllegalIncidentTransition(key(), status, "end maintenance of", "it is not under a maintenance window");
        }
        inMaintenance = false;
        changed();
        if (status != IncidentStatus.RESOLVED && parentIncidentId == null) {
            restartTimers(at, targets);
        }
        register(new IncidentChange.MaintenanceEnded(UUID.randomUUID(), at, maintenanceWindowId));
    }

    /** Whether it is due to escalate at {@code now}: TRIGGERED, escalating, and its deadline at or before now. */
    public boolean isEscalationDue(Instant now) {
        return status == IncidentStatus.TRIGGERED && !inMaintenance && escalation.escalationDue(now);
    }

    /**
     * Escalates one level.
     *
     * @param next  when it escalates next, {@code null} = never
     * @param pages whom the level pages (empty for the built-in matrix's channel labels)
     * @throws IllegalIncidentTransition unless {@link #isEscalationDue} at {@code at}
     */
    public void escalate(Instant at, String target, String reason, Instant next, List<Page> pages) {
        if (!isEscalationDue(at)) {
            throw new IllegalIncidentTransition(key(), status, "escalate", "it is not due (next escalation at "
                    + escalation.nextEscalationAt() + (inMaintenance ? ", under maintenance" : "") + ")");
        }
        escalation = escalation.escalated(next);
        changed();
        register(new IncidentChange.IncidentEscalated(UUID.randomUUID(), at, escalation.level(), target, reason, pages));
    }

    /**
     * Postpones a due escalation to {@code until} without reaching a level: its policy waits for its schedules to
     * cover (business hours) and nobody is on call before then.
     *
     * @throws IllegalIncidentTransition unless {@link #isEscalationDue} at {@code at} and {@code until} is later
     */
    public void deferEscalation(Instant at, Instant until) {
        if (!isEscalationDue(at) || !until.isAfter(at)) {
            throw new IllegalIncidentTransition(key(), status, "defer escalation of", "it is not due, or " + until
                    + " is not later than " + at);
        }
        escalation = escalation.deferredTo(until);
        changed();
    }

    /** Whether its resolve target is due at {@code now} and not yet recorded as missed. */
    public boolean isResolveBreachDue(Instant now) {
        return status != IncidentStatus.RESOLVED && escalation.resolveBreachDue(now);
    }

    /**
     * Records, once, that it missed its resolve target.
     *
     * @throws IllegalIncidentTransition unless {@link #isResolveBreachDue} at {@code at}
     */
    public void missResolveTarget(Instant at) {
        if (!isResolveBreachDue(at)) {
            throw new IllegalIncidentTransition(key(), status, "record a resolve breach of",
                    "its resolve target is " + (escalation.resolveTargetMissed() ? "already missed" : "due at " + escalation.resolveDueAt()));
        }
        escalation = escalation.resolveMissed();
        changed();
    }

    /**
     * Records a fact about the incident that changes none of its state (a note, a role taken, a customer update, a
     * linked change): it goes to the outbox with the incident's other changes when the incident is saved.
     */
    public void record(IncidentChange.Recorded change) {
        register(change);
    }

    /** An alert fired on this incident, or one of its episodes resolved (counters are the repository's). */
    public void alertApplied(AttachedAlert alert, Instant at) {
        register(new IncidentChange.AlertApplied(UUID.randomUUID(), at, alert));
    }

    /** The changes registered since the last call, in order; the opening ends here. */
    @Override
    public List<IncidentChange> pullChanges() {
        opening = false;
        return super.pullChanges();
    }

    /** The state to store; marks it stored. */
    public IncidentState stored() {
        markStored();
        return new IncidentState(origin, status, severity, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy,
                parentIncidentId, parentIncidentKey, flappingSince, maintenanceWindowId, inMaintenance, stormRaised,
                escalation);
    }

    private void register(IncidentChange change) {
        register(change, !(change instanceof IncidentChange.AlertApplied) && !(change instanceof IncidentChange.Recorded));
    }

    private void requireOpen(String action) {
        if (status == IncidentStatus.RESOLVED) {
            throw new IllegalIncidentTransition(key(), status, action);
        }
    }

    private void stopTimers() {
        escalation = escalation.stopped();
        changed();
    }

    private void restartTimers(Instant from, ResponseTargets targets) {
        escalation = escalation.restartedAt(from, severity, origin.labels(), status == IncidentStatus.TRIGGERED, targets);
        changed();
    }

    /** Whether it escalates on its own: neither inhibited nor under a maintenance window. */
    private boolean escalates() {
        return parentIncidentId == null && !inMaintenance;
    }

    /** What it was opened for and from. */
    public IncidentOrigin origin() {
        return origin;
    }

    /** {@code INC-<number>}. */
    public String key() {
        return origin.key();
    }

    public UUID id() {
        return origin.id();
    }

    public String title() {
        return origin.title();
    }

    public IncidentStatus status() {
        return status;
    }

    public boolean isOpen() {
        return status != IncidentStatus.RESOLVED;
    }

    public Severity severity() {
        return severity;
    }

    public String service() {
        return origin.service();
    }

    public Instant openedAt() {
        return origin.openedAt();
    }

    public Instant acknowledgedAt() {
        return acknowledgedAt;
    }

    public String acknowledgedBy() {
        return acknowledgedBy;
    }

    public Instant resolvedAt() {
        return resolvedAt;
    }

    public String resolvedBy() {
        return resolvedBy;
    }

    /** The incident this one is inhibited by; {@code null} when none. */
    public UUID parentIncidentId() {
        return parentIncidentId;
    }

    /** {@code INC-n} of the incident this one is inhibited by; {@code null} when none. */
    public String parentIncidentKey() {
        return parentIncidentKey;
    }

    /** When flapping started; {@code null} when it is not flapping. */
    public Instant flappingSince() {
        return flappingSince;
    }

    /** The maintenance window it fell under (kept after the window ended); {@code null} when none. */
    public UUID maintenanceWindowId() {
        return maintenanceWindowId;
    }

    /** Whether it is under that window now. */
    public boolean inMaintenance() {
        return inMaintenance;
    }

    /** Whether the storm rule raised its severity already (it does so once). */
    public boolean stormRaised() {
        return stormRaised;
    }

    public Escalation escalation() {
        return escalation;
    }
}
