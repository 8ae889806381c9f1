package io.tocsin.incident.incident;

import java.util.ArrayList;
import java.util.List;

/**
 * What an aggregate keeps for its repository: the domain events it registered since it was last saved, and whether
 * its stored row is missing ({@link #isPersisted}) or behind ({@link #isDirty}) — in the manner of Spring Data's
 * {@code AbstractAggregateRoot}, without Spring.
 *
 * @param <E> the aggregate's domain event type
 */
abstract class AggregateChanges<E> {

    private final List<E> changes = new ArrayList<>();
    private boolean persisted;
    private boolean dirty;

    AggregateChanges(boolean persisted) {
        this.persisted = persisted;
    }

    /** The changes registered since the last call, in order. */
    public List<E> pullChanges() {
        List<E> pulled = List.copyOf(changes);
        changes.clear();
        return pulled;
    }

    /** Whether the stored row must be inserted ({@code false} for a new aggregate), for the repository. */
    public boolean isPersisted() {
        return persisted;
    }

    /** Whether the stored state is behind this object's, for the repository. */
    public boolean isDirty() {
        return dirty;
    }

    /** Registers a domain event; {@code stateChanged} when it also changed stored state. */
    final void register(E change, boolean stateChanged) {
        changes.add(change);
        dirty |= stateChanged;
    }

    /** Stored state changed without an event of its own. */
    final void changed() {
        dirty = true;
    }

    /** The repository is storing the current state. */
    final void markStored() {
        persisted = true;
        dirty = false;
    }
}
