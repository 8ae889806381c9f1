package io.tocsin.incident.incident;

import java.time.Instant;

/**
 * Criteria for listing incidents; {@code null} fields do not filter.
 *
 * @param from opened at or after
 * @param to   opened before
 * @param page 0-based page number
 * @param size page size, 1…500
 */
public record IncidentFilter(IncidentStatus status, Severity severity, String service, Instant from, Instant to,
                             int page, int size) {
}
