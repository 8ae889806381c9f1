package io.tocsin.incident.incident;

import java.time.Instant;

/**
 * Something that must happen when an incident resolves, in the same transaction, after the resolution is stored:
 * inhibition ending for its children (triage). Implementations are Spring beans; {@link IncidentResolutions} calls
 * each of them.
 */
public interface ResolutionFollowUp {

    /** {@code resolved} (row-locked, saved RESOLVED) resolved at {@code at}. */
    void incidentResolved(Incident resolved, Instant at);
}
