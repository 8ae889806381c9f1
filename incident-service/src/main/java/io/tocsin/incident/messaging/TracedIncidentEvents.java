package io.tocsin.incident.messaging;

import java.util.List;

/**
 * The one outbox publication (Spring Modulith's event publication registry) of a transaction that changed incidents:
 * its {@link TracedIncidentEvent}s in the order they were recorded. One publication per transaction instead of one per
 * event: the registry writes a row when the transaction records it, and marks and deletes it with a commit of its own
 * each, so a triage poll that opened 170 incidents of three alerts paid 340 inserts and 680 synchronous commits for its
 * events; now it pays one of each (issue 17, "one outbox row per poll"). The events still reach the topic one record
 * each, in this order; a resubmission sends them all again with the same {@code eventId}s, which consumers ignore as
 * redeliveries.
 *
 * @param events at least one, in recording order
 */
public record TracedIncidentEvents(List<TracedIncidentEvent> events) {

    public TracedIncidentEvents {
        if (events == null || events.isEmpty()) {
            throw new IllegalArgumentException("a publication holds at least one event");
        }
        events = List.copyOf(events);
    }
}
