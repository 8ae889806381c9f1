package io.tocsin.incident.maintenance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A window announced to customers was scheduled or ended early: its whole public state, published (through the
 * outbox, with the transaction that changed the window) for the status page. messaging maps it to the wire
 * ({@code PublicMaintenanceChanged} on {@code maintenance.events.v1}) under the same {@code eventId}.
 *
 * @param eventId   kept by the wire event, however often it is resubmitted
 * @param at        when the window changed
 * @param endsAt    its end, the early end when it was ended early
 */
public record MaintenanceNoticeChanged(UUID eventId, Instant at, UUID windowId, String title, List<String> components,
                                       Instant startsAt, Instant endsAt, boolean endedEarly) {

    public MaintenanceNoticeChanged {
        components = List.copyOf(components);
    }
}
