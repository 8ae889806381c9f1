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

    /**
     * For each of {@code incidents} that has an entry of {@code type}, one string field of its first such entry's
     * details ({@code details ->> field}); incidents without one are absent.
     */
    java.util.Map<UUID, String> firstDetail(java.util.Collection<UUID> incidents, String type, String field);

    /** Every entry of an incident in sequence order. */
    List<TimelineEntry> entries(UUID incidentId);
}
