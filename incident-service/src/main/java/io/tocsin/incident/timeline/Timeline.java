package io.tocsin.incident.timeline;

import io.tocsin.platform.jdbc.TransactionScoped;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * An incident's timeline: append-only entries, each chained to the previous one by SHA-256 (see
 * {@link HashChain}), so that any edit or deletion is detectable by {@link #verify}.
 */
@Service
public class Timeline {

    private final TimelineStore store;
    /**
     * The heads the current transaction appended, by incident, so that its next append to the same incident needs no
     * read (triage appends two or more entries per incident and alert batch, and the inserts are deferred to a batch).
     */
    private final TransactionScoped<Map<UUID, TimelineStore.Head>> appendedHeads = TransactionScoped.of(HashMap::new);

    private final ObjectProvider<Tracer> tracer;

    Timeline(TimelineStore store, ObjectProvider<Tracer> tracer) {
        this.store = store;
        this.tracer = tracer;
    }

    /**
     * Tells the timeline that this transaction created the incident: its chain is empty, and its first entry needs no
     * read of the head.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void created(UUID incidentId) {
        appendedHeads.get().putIfAbsent(incidentId, new TimelineStore.Head(0, HashChain.GENESIS));
    }

    /**
     * Appends an entry. Must run inside the transaction that holds the incident's row lock, so that
     * appends to one incident are serialised.
     *
     * @param at when it happened; truncated to microseconds (PostgreSQL's precision) before hashing
     * @return the stored entry with its sequence and hashes
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public TimelineEntry append(UUID incidentId, Instant at, TimelineEntryType type, String actor, String summary,
                                TimelineDetails details) {
        return append(incidentId, at, type.type(), actor, summary, details.toMap());
    }

    /**
     * {@link #append} with {@code traceId} added to the details: the W3C trace id of the span this change runs in (the
     * webhook's trace, carried by the Kafka record's {@code traceparent}), so the entry leads to the trace of the
     * request that caused it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public TimelineEntry appendTraced(UUID incidentId, Instant at, TimelineEntryType type, String actor, String summary,
                                      TimelineDetails details) {
        Map<String, Object> facts = details.toMap();
        Tracer t = tracer.getIfAvailable();
        Span span = t == null ? null : t.currentSpan();
        if (span != null && span.context().traceId() != null && !span.context().traceId().isBlank()) {
            facts.put("traceId", span.context().traceId());
        }
        return append(incidentId, at, type.type(), actor, summary, facts);
    }

    private TimelineEntry append(UUID incidentId, Instant at, String type, String actor, String summary,
                                 Map<String, Object> details) {
        Objects.requireNonNull(actor, "actor");
        Instant stamped = at.truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> facts = details == null ? Map.of() : details;
        Map<UUID, TimelineStore.Head> appended = appendedHeads.get();
        Optional<TimelineStore.Head> head = Optional.ofNullable(appended.get(incidentId)).or(() -> store.head(incidentId));
        int sequence = head.map(h -> h.sequence() + 1).orElse(1);
        String previous = head.map(TimelineStore.Head::hash).orElse(HashChain.GENESIS);
        String hash = HashChain.hash(previous,
                HashChain.canonicalJson(incidentId, sequence, stamped, type, actor, summary, facts));
        TimelineEntry entry = new TimelineEntry(incidentId, sequence, stamped, type, actor, summary, facts, previous, hash);
        store.insert(entry);
        appended.put(incidentId, new TimelineStore.Head(sequence, hash));
        return entry;
    }

    /** The incident's entries in sequence order. */
    @Transactional(readOnly = true)
    public List<TimelineEntry> entries(UUID incidentId) {
        return store.entries(incidentId);
    }

    /**
     * Recomputes the chain from the stored entries: every hash from its content and predecessor,
     * sequences gapless from 1. A changed, removed or reordered entry makes it invalid.
     */
    @Transactional(readOnly = true)
    public ChainVerification verify(UUID incidentId) {
        return verify(store.entries(incidentId));
    }

    /**
     * {@link #verify(UUID)} plus an anchor check: a hash chain alone cannot show that its last entries were
     * deleted, so an auditor pins an entry ({@code headSequence} and {@code headHash} of an earlier verification,
     * kept outside Tocsin) and later asks whether the chain still holds exactly that entry.
     *
     * @param pinnedSequence sequence of the pinned entry, 1-based
     * @param pinnedHash     its hash, 64 hex characters
     */
    @Transactional(readOnly = true)
    public ChainVerification verify(UUID incidentId, int pinnedSequence, String pinnedHash) {
        return verify(store.entries(incidentId), pinnedSequence, pinnedHash);
    }

    /** Verifies entries in sequence order and checks that entry {@code pinnedSequence} still has {@code pinnedHash}. */
    public static ChainVerification verify(List<TimelineEntry> entries, int pinnedSequence, String pinnedHash) {
        ChainVerification chain = verify(entries);
        if (!chain.valid()) {
            return chain;
        }
        if (pinnedSequence > entries.size()) {
            return new ChainVerification(false, entries.size(), pinnedSequence, "pinned entry " + pinnedSequence
                    + " is missing: the timeline ends at " + entries.size() + " (entries were removed from its end)",
                    chain.headHash(), chain.headSequence(), pinnedHash, null);
        }
        String stored = entries.get(pinnedSequence - 1).hash();
        if (!stored.equalsIgnoreCase(pinnedHash)) {
            return new ChainVerification(false, entries.size(), pinnedSequence, "pinned entry " + pinnedSequence
                    + " has a different hash: the timeline was rewritten from there on", chain.headHash(), chain.headSequence(),
                    pinnedHash, stored);
        }
        return chain;
    }

    /**
     * For each of {@code incidents} with an entry of {@code type}: the string {@code field} of the first one's details
     * (e.g. the {@code target} of the first {@code page.sent}: which schedule was paged first).
     */
    @Transactional(readOnly = true)
    public Map<UUID, String> firstDetail(java.util.Collection<UUID> incidents, TimelineEntryType type, String field) {
        return store.firstDetail(incidents, type.type(), field);
    }

    /** Incidents with at least one timeline entry in {@code [from, to)}, oldest first. */
    @Transactional(readOnly = true)
    public List<UUID> incidentsWithEntriesBetween(Instant from, Instant to) {
        return store.incidentsWithEntriesBetween(from, to);
    }

    /** Verifies a list of entries of one incident, in sequence order. */
    public static ChainVerification verify(List<TimelineEntry> entries) {
        String previous = HashChain.GENESIS;
        int expectedSequence = 1;
        for (TimelineEntry e : entries) {
            if (e.sequence() != expectedSequence) {
                return new ChainVerification(false, entries.size(), e.sequence(),
                        "expected sequence " + expectedSequence + ", found " + e.sequence() + " (an entry is missing or moved)",
                        null, null, String.valueOf(expectedSequence), String.valueOf(e.sequence()));
            }
            if (!e.previousHash().equals(previous)) {
                return new ChainVerification(false, entries.size(), e.sequence(),
                        "previousHash does not match the hash of entry " + (e.sequence() - 1), null, null, previous,
                        e.previousHash());
            }
            String recomputed = HashChain.hash(previous, HashChain.canonicalJson(e.incidentId(), e.sequence(), e.at(),
                    e.type(), e.actor(), e.summary(), e.details()));
            if (!recomputed.equals(e.hash())) {
                return new ChainVerification(false, entries.size(), e.sequence(),
                        "hash does not match the entry's content", null, null, recomputed, e.hash());
            }
            previous = e.hash();
            expectedSequence++;
        }
        return new ChainVerification(true, entries.size(), null, null, entries.isEmpty() ? null : previous,
                entries.isEmpty() ? null : entries.size(), null, null);
    }
}
