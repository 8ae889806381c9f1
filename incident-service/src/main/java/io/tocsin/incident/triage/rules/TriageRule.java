package io.tocsin.incident.triage.rules;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.triage.TriageBatch;
import io.tocsin.incident.triage.TriageOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One triage decision in a room of its own, run by {@link io.tocsin.incident.triage.Triage} in a fixed order, as
 * Alertmanager's notification pipeline chains its stages (prometheus/alertmanager notify/notify.go:
 * {@code MuteStage(inhibitor)}, {@code MuteStage(silencer)}, {@code DedupStage} …). A rule acts at the points of triage
 * it cares about and leaves the others to their defaults: at an alert's {@link #admit arrival} (it may end triage
 * there), when an alert {@link #opened opens} an incident, when one {@link #fired fires} on an incident, and when
 * episodes {@link #resolved resolve}. It changes the incident only through the aggregate's transitions and writes its
 * own timeline entries through {@link Entries}.
 *
 * <p>Order ({@link TriageRules}): heartbeat, dedup, inhibition, maintenance, storm, flapping.
 */
public interface TriageRule {

    /**
     * Before grouping.
     *
     * @return an outcome to end the alert's triage with (a repeat, a heartbeat), or empty to go on
     */
    default Optional<TriageOutcome> admit(Alert alert, TriageBatch batch) {
        return Optional.empty();
    }

    /**
     * Whether {@link #admit} may let {@code alert} through, answered without side effects before the batch is triaged:
     * {@code false} only when admit surely ends its triage (a heartbeat). Triage numbers the incidents a batch will
     * open ahead, in one statement, from the alerts every rule may let through (ADR 0017); a wrong {@code true} costs
     * an unused incident number, never a wrong decision.
     */
    default boolean mayAdmit(Alert alert) {
        return true;
    }

    /** {@code alert} opened {@code incident} (not yet announced) at {@code at}. */
    default void opened(Incident incident, Alert alert, Instant at) {
    }

    /** An alert fired on an incident and was stored. */
    default void fired(Firing firing) {
    }

    /** Firing episodes of an alert's fingerprint resolved on an incident. */
    default void resolved(Resolution resolution) {
    }

    /**
     * @param opened             whether the alert opened the incident just now
     * @param firstOfFingerprint whether it is the first alert of its fingerprint ever stored (no state change)
     */
    record Firing(Incident incident, Alert alert, boolean opened, boolean firstOfFingerprint, Instant at) {
    }

    /** @param episodes the {@code startsAt} of the episodes the notification resolved, oldest first */
    record Resolution(Incident incident, Alert alert, List<Instant> episodes, Instant at) {
    }
}
