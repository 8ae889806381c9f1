package io.tocsin.incident.incident;

import java.time.Instant;
import java.util.Map;

/**
 * Where an incident's escalation stands: a value of the {@link Incident} aggregate, replaced whole on every change.
 *
 * @param level               escalation levels reached so far (0 = none)
 * @param nextEscalationAt    when it escalates next unless acknowledged; {@code null} = not escalating
 * @param resolveDueAt        when its resolve target falls due; {@code null} = none
 * @param resolveTargetMissed whether the miss was recorded (once)
 */
public record Escalation(int level, Instant nextEscalationAt, Instant resolveDueAt, boolean resolveTargetMissed) {

    /** A new incident's: deadlines of {@code severity} counted from {@code from}, its first level due per its labels. */
    static Escalation startingAt(Instant from, Severity severity, Map<String, String> labels, ResponseTargets targets) {
        return new Escalation(0, targets.escalationDue(from, severity, labels, 0), targets.resolveBy(from, severity), false);
    }

    /** Acknowledged: no more escalations; the resolve target still counts. */
    Escalation acknowledged() {
        return new Escalation(level, null, resolveDueAt, resolveTargetMissed);
    }

    /** Paused (inhibited, under maintenance, resolved): no deadline at all. */
    Escalation stopped() {
        return new Escalation(level, null, null, resolveTargetMissed);
    }

    /**
     * Counted again from {@code from} (released from inhibition, maintenance ended): the next level only while
     * {@code triggered}, the resolve deadline unless it was already missed.
     */
    Escalation restartedAt(Instant from, Severity severity, Map<String, String> labels, boolean triggered,
                           ResponseTargets targets) {
        return new Escalation(level, triggered ? targets.escalationDue(from, severity, labels, level) : null,
                resolveTargetMissed ? null : targets.resolveBy(from, severity), resolveTargetMissed);
    }

    /**
     * After the severity rose to {@code severity}: its deadlines counted from {@code openedAt} apply when they come
     * earlier — the first level's only before the first escalation and while {@code triggered}.
     */
    Escalation raisedTo(Severity severity, Instant openedAt, Map<String, String> labels, boolean triggered,
                        ResponseTargets targets) {
        Instant next = level == 0 && triggered ? earliest(nextEscalationAt, targets.escalationDue(openedAt, severity, labels, 0))
                : nextEscalationAt;
        Instant resolve = resolveTargetMissed ? resolveDueAt : earliest(resolveDueAt, targets.resolveBy(openedAt, severity));
        return new Escalation(level, next, resolve, resolveTargetMissed);
    }

    /**
     * After a person lowered the severity to {@code severity}: the resolve deadline of the new severity counted from
     * {@code openedAt} (unless already missed); the first level's deadline too while none was reached and
     * {@code triggered}; a severity that never escalates (SEV4) stops escalation.
     */
    Escalation loweredTo(Severity severity, Instant openedAt, Map<String, String> labels, boolean triggered,
                         ResponseTargets targets) {
        Instant first = targets.escalationDue(openedAt, severity, labels, 0);
        Instant next = !triggered || first == null ? null : level == 0 ? first : nextEscalationAt;
        Instant resolve = resolveTargetMissed ? resolveDueAt : targets.resolveBy(openedAt, severity);
        return new Escalation(level, next, resolve, resolveTargetMissed);
    }

    /** One level up, next due at {@code next} ({@code null} = never). */
    Escalation escalated(Instant next) {
        return new Escalation(level + 1, next, resolveDueAt, resolveTargetMissed);
    }

    /** The same level due again at {@code until} (nobody on call before then). */
    Escalation deferredTo(Instant until) {
        return new Escalation(level, until, resolveDueAt, resolveTargetMissed);
    }

    /** The resolve target's miss recorded. */
    Escalation resolveMissed() {
        return new Escalation(level, nextEscalationAt, resolveDueAt, true);
    }

    /** Whether the next escalation is due at {@code now} (exactly at the deadline counts). */
    boolean escalationDue(Instant now) {
        return nextEscalationAt != null && !nextEscalationAt.isAfter(now);
    }

    /** Whether the resolve target is due at {@code now} and its miss not yet recorded. */
    boolean resolveBreachDue(Instant now) {
        return !resolveTargetMissed && resolveDueAt != null && !resolveDueAt.isAfter(now);
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
