package io.tocsin.incident.incident;

import java.time.Instant;

/**
 * When an incident of a severity must be acknowledged and resolved, counted from a start (its opening, its release
 * from inhibition, the end of its maintenance window). The aggregate asks this port whenever its due times change;
 * {@code io.tocsin.incident.escalation.EscalationPolicy} answers it (seed 000's escalation matrix today).
 */
public interface ResponseTargets {

    /**
     * When an unacknowledged incident escalates next, counted from {@code from} (its opening, its previous level, its
     * release): the next level of the escalation policy its labels and severity match, else the built-in matrix's
     * acknowledge target.
     *
     * @param labels the incident's labels ({@link IncidentOrigin#labels()})
     * @param level  levels reached so far, 0 = none
     * @return {@code null} when it never escalates (SEV4, or the policy's levels and repeats are used up)
     */
    Instant escalationDue(Instant from, Severity severity, java.util.Map<String, String> labels, int level);

    /** The resolve deadline of an incident of {@code severity} counted from {@code from}; {@code null} = none. */
    Instant resolveBy(Instant from, Severity severity);
}
