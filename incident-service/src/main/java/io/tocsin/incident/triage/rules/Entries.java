package io.tocsin.incident.triage.rules;

import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Instant;
import java.util.UUID;

/**
 * Where a rule writes the timeline entries its decisions make ({@code Timeline::append} in the service; a list in a
 * rule's unit test).
 */
@FunctionalInterface
public interface Entries {

    void append(UUID incidentId, Instant at, TimelineEntryType type, String actor, String summary,
                TimelineDetails details);
}
