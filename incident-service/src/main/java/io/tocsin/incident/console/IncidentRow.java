package io.tocsin.incident.console;

import io.tocsin.incident.incident.Incident;
import java.time.Duration;
import java.time.Instant;

/**
 * One incident as the console lists it.
 *
 * @param age how long it has been open (until resolved, or now), e.g. {@code 3h 12m}
 */
record IncidentRow(String key, String title, String severity, String status, String service, Instant openedAt,
                   String age, String acknowledgedBy, String resolvedBy, boolean open) {

    static IncidentRow of(Incident i, Instant now) {
        Instant end = i.resolvedAt() == null ? now : i.resolvedAt();
        return new IncidentRow(i.key(), i.title(), i.severity().name(), i.status().name(),
                i.service() == null ? "" : i.service(), i.openedAt(), age(Duration.between(i.openedAt(), end)),
                i.acknowledgedBy() == null ? "" : i.acknowledgedBy(), i.resolvedBy() == null ? "" : i.resolvedBy(),
                i.isOpen());
    }

    /** {@code 45s}, {@code 12m}, {@code 3h 12m}, {@code 2d 4h}: as the console writes every duration. */
    static String age(Duration d) {
        return LineChart.duration(Math.max(0, d.toSeconds()));
    }
}
