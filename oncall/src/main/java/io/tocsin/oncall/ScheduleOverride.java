package io.tocsin.oncall;

import java.time.Instant;

/**
 * Someone on call instead of the rotation for a time range ("I take Friday night"), in one layer.
 *
 * @param layer  the layer it replaces
 * @param person who is on call instead
 * @param from   inclusive
 * @param to     exclusive, after {@code from}
 */
public record ScheduleOverride(String layer, Person person, Instant from, Instant to) {

    /** Whether it covers {@code at}. */
    public boolean covers(Instant at) {
        return !at.isBefore(from) && at.isBefore(to);
    }
}
