package io.tocsin.oncall;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * One rotation of a schedule: {@code people} take turns of {@code length}, handing off at {@code handoff} local time,
 * the first turn starting on {@code start}. Turns measured in days (daily, weekly, {@code 14d}) follow the wall clock of
 * the schedule's time zone, so a handoff stays at 09:00 across daylight-saving changes (that turn is an hour shorter or
 * longer); a handoff at a time the change skips moves to the first valid time after it. Turns measured in hours
 * ({@code 12h}) are elapsed time. With restrictions, the layer covers only inside them (the rotation still turns).
 *
 * @param name         e.g. {@code primary}, {@code secondary}; unique in its schedule
 * @param people       in rotation order, at least one
 * @param length       a turn: whole days ({@link Duration#ofDays}) or hours
 * @param handoff      local time of each handoff
 * @param start        the first turn's date (the first person's turn begins then at {@code handoff})
 * @param restrictions when it covers; empty = always
 */
public record Layer(String name, List<Person> people, Duration length, LocalTime handoff, LocalDate start,
                    List<Restriction> restrictions) {

    public Layer {
        people = List.copyOf(people);
        restrictions = List.copyOf(restrictions);
    }

    /** The rotation's turn at {@code at} in zone {@code zone}, ignoring restrictions; empty before the first turn. */
    public Optional<Shift> turnAt(Instant at, ZoneId zone) {
        Instant first = ZonedDateTime.of(start, handoff, zone).toInstant();
        if (at.isBefore(first)) {
            return Optional.empty();
        }
        long turn;
        Instant begins;
        Instant ends;
        if (byDays()) {
            long days = length.toDays();
            long elapsedDays = ChronoUnit.DAYS.between(start, at.atZone(zone).toLocalDate());
            turn = Math.floorDiv(elapsedDays, days);
            // The local date alone can be one turn off around the handoff time: settle on the turn whose range holds it.
            while (turnStart(turn, zone).isAfter(at)) {
                turn--;
            }
            while (!turnStart(turn + 1, zone).isAfter(at)) {
                turn++;
            }
            begins = turnStart(turn, zone);
            ends = turnStart(turn + 1, zone);
        } else {
            turn = Duration.between(first, at).toSeconds() / length.toSeconds();
            begins = first.plus(length.multipliedBy(turn));
            ends = begins.plus(length);
        }
        return Optional.of(new Shift(name, people.get((int) Math.floorMod(turn, (long) people.size())), begins, ends, false));
    }

    /** Whether the restrictions let this layer cover at {@code at} (no restrictions: always). */
    public boolean covers(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return restrictions.isEmpty() || restrictions.stream().anyMatch(r -> r.covers(local));
    }

    private boolean byDays() {
        return length.toSeconds() % Duration.ofDays(1).toSeconds() == 0;
    }

    private Instant turnStart(long turn, ZoneId zone) {
        return ZonedDateTime.of(start.plusDays(turn * length.toDays()), handoff, zone).toInstant();
    }
}
