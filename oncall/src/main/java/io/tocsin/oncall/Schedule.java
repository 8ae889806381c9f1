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
