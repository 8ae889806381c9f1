package io.tocsin.oncall;

import java.time.Instant;

/**
 * Who is on call in one layer of a schedule, from {@code start} to {@code end}.
 *
 * @param layer    the layer's name, e.g. {@code primary}
 * @param person   who
 * @param start    when this turn began (the rotation's handoff, or the override's start)
 * @param end      when it ends (the next handoff, or the override's end)
 * @param override whether an override put them there
 */
public record Shift(String layer, Person person, Instant start, Instant end, boolean override) {
}
