package io.tocsin.incident.incident;

import java.time.Instant;

/**
 * When an incident of a severity must be acknowledged and resolved, counted from a start (its opening, its release
 * from inhibition, the end of its maintenance window). The aggregate asks this port whenever its due times change;
 * {@code io.tocsin.incident.escalation.EscalationPolicy} answers it (seed 000's escalation matrix today).
 */
public interface ResponseTargets {

    /** The acknowledge deadline of an incident of {@code severity} counted from {@code from}; {@code null} = none. */
    Instant acknowledgeBy(Instant from, Severity severity);

    /** The resolve deadline of an incident of {@code severity} counted from {@code from}; {@code null} = none. */
    Instant resolveBy(Instant from, Severity severity);
}
