package io.tocsin.incident.timeline;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One timeline entry (design.md, Incident model).
 *
 * @param incidentId   the incident it belongs to
 * @param sequence     1-based position in the incident's timeline
 * @param at           when it happened, microsecond precision (as PostgreSQL stores it)
 * @param type         e.g. {@code incident.opened}, {@code alert.attached}, {@code incident.acknowledged}
 * @param actor        {@code alertmanager}, {@code system}, {@code slack:U123} or {@code api:<principal>}
 * @param summary      one human-readable line
 * @param details      structured facts (JSON object)
 * @param previousHash hex SHA-256 of the previous entry; 64 zeros for the first
 * @param hash         hex SHA-256 of {@code previousHash || canonical_json(entry)}
 */
public record TimelineEntry(
        UUID incidentId,
        int sequence,
        Instant at,
        String type,
        String actor,
        String summary,
        Map<String, Object> details,
        String previousHash,
        String hash) {
}
