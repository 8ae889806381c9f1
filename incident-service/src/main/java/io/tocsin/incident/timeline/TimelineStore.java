package io.tocsin.incident.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where timeline entries are kept ({@code incident.timeline_entry}): insert and read only, the table rejects UPDATE and
 * DELETE. Inserts may be deferred to a batch; every read includes the transaction's own entries.
 */
public interface TimelineStore {

    /** The last entry's sequence and hash. */
    record Head(int sequence, String hash) {
    }

    /** The incident's last entry, if any. */
    Optional<Head> head(UUID incidentId);

    /** Inserts one entry. */
    void insert(TimelineEntry entry);

    /** Incidents with at least one entry in {@code [from, to)}, by their first entry. */
    List<UUID> incidentsWithEntriesBetween(Instant from, Instant to);

    /** Every entry of an incident in sequence order. */
    List<TimelineEntry> entries(UUID incidentId);
}
