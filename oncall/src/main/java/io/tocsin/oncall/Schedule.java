package io.tocsin.oncall;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An on-call schedule: named layers (e.g. {@code primary}, {@code secondary}) in one time zone, and overrides.
 * Paging the schedule pages its first layer that covers at that moment; paging {@code <schedule>/<layer>} pages that
 * layer.
 *
 * @param name      unique, e.g. {@code platform}
 * @param zone      the time zone handoffs and restrictions are read in, e.g. {@code Europe/Berlin}
 * @param layers    in paging order, at least one
 * @param overrides later ones win where they overlap
 */
public record Schedule(String name, ZoneId zone, List<Layer> layers, List<ScheduleOverride> overrides) {

    public Schedule {
        layers = List.copyOf(layers);
        overrides = List.copyOf(overrides);
    }

    /**
     * Who is on call at {@code at}, one shift per layer that covers then, in layer order: an override of the layer if one
     * covers {@code at} (the last listed wins), else the rotation's turn inside the layer's restrictions.
     */
    public List<Shift> onCall(Instant at) {
        List<Shift> shifts = new ArrayList<>();
        for (Layer layer : layers) {
            layerAt(layer, at).ifPresent(shifts::add);
        }
        return shifts;
    }

    /** Whom paging this schedule reaches at {@code at}: the first layer that covers; empty when none does. */
    public Optional<Shift> paged(Instant at) {
        return onCall(at).stream().findFirst();
    }

    /** Who is on call in layer {@code layer} at {@code at}; empty when it does not cover then or has no such layer. */
    public Optional<Shift> onCall(String layer, Instant at) {
        return layers.stream().filter(l -> l.name().equals(layer)).findFirst().flatMap(l -> layerAt(l, at));
    }

    /**
     * Who takes over after the current shift in the first covering layer (for "who is next"): the shift that covers
     * the instant the current one ends; empty when nobody covers then.
     */
    public Optional<Shift> next(Instant at) {
        return paged(at).flatMap(current -> onCall(current.layer(), current.end()));
    }

    /**
     * Every shift between {@code from} and {@code to}, layer by layer in layer order, each layer's in time order: who
     * actually covers, so a turn is cut by its layer's restrictions (business hours give one shift per day) and by
     * overrides (an override is its own shift, flagged), and consecutive pieces of one person are joined. Shifts are
     * clipped to {@code [from, to)}. For calendars (iCalendar export) and "who is on call when".
     *
     * @throws IllegalArgumentException when {@code to} is not after {@code from}, or the range exceeds 400 days
     */
    public List<Shift> shifts(Instant from, Instant to) {
        if (!to.isAfter(from) || java.time.Duration.between(from, to).toDays() > 400) {
            throw new IllegalArgumentException("range must be after its start and at most 400 days: " + from + " to " + to);
        }
        List<Shift> shifts = new ArrayList<>();
        for (Layer layer : layers) {
            java.util.TreeSet<Instant> cuts = new java.util.TreeSet<>(List.of(from, to));
            // The rotation's handoffs, from the turn covering `from` (or the first turn) on.
            Instant t = from;
            while (t.isBefore(to)) {
                Optional<Shift> turn = layer.turnAt(t, zone);
                Instant next = turn.isPresent() ? turn.get().end()
                        : java.time.ZonedDateTime.of(layer.start(), layer.handoff(), zone).toInstant();
                if (!next.isAfter(t)) {
                    break;
                }
                cuts.add(next);
                t = next;
            }
            // Restriction windows open and close at local times each day.
            for (java.time.LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
                 !day.isAfter(to.atZone(zone).toLocalDate()); day = day.plusDays(1)) {
                for (Restriction r : layer.restrictions()) {
                    for (java.time.LocalTime local : List.of(r.from(), r.to())) {
                        java.time.ZonedDateTime at = java.time.ZonedDateTime.of(day, local, zone);
                        cuts.add(at.toInstant());
                        cuts.add(at.withLaterOffsetAtOverlap().toInstant()); // a wall-clock time that occurs twice
                    }
                }
            }
            // The clock changes themselves: wall-clock windows can open or close there (an hour that happens twice).
            for (var change = zone.getRules().nextTransition(from); change != null && change.getInstant().isBefore(to);
                 change = zone.getRules().nextTransition(change.getInstant())) {
                cuts.add(change.getInstant());
            }
            for (ScheduleOverride o : overrides) {
                if (o.layer().equals(layer.name())) {
                    cuts.add(o.from());
                    cuts.add(o.to());
                }
            }
            List<Instant> points = new ArrayList<>(cuts.subSet(from, true, to, true));
            Shift open = null;
            for (int i = 0; i + 1 < points.size(); i++) {
                Instant start = points.get(i);
                Instant end = points.get(i + 1);
                Optional<Shift> covering = layerAt(layer, start);
                if (covering.isEmpty()) {
                    if (open != null) {
                        shifts.add(open);
                        open = null;
                    }
                    continue;
                }
                Shift piece = covering.get();
                if (open != null && open.person().equals(piece.person()) && open.override() == piece.override()
                        && open.end().equals(start)) {
                    open = new Shift(open.layer(), open.person(), open.start(), end, open.override());
                } else {
                    if (open != null) {
                        shifts.add(open);
                    }
                    open = new Shift(layer.name(), piece.person(), start, end, piece.override());
                }
            }
            if (open != null) {
                shifts.add(open);
            }
        }
        return shifts;
    }

    private Optional<Shift> layerAt(Layer layer, Instant at) {
        for (int i = overrides.size() - 1; i >= 0; i--) {
            ScheduleOverride o = overrides.get(i);
            if (o.layer().equals(layer.name()) && o.covers(at)) {
                return Optional.of(new Shift(layer.name(), o.person(), o.from(), o.to(), true));
            }
        }
        if (!layer.covers(at, zone)) {
            return Optional.empty();
        }
        return layer.turnAt(at, zone);
    }
}
