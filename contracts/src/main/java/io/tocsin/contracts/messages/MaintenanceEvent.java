package io.tocsin.contracts.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Messages on {@code maintenance.events.v1}, keyed by maintenance window id (issue 19, seed 001). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(value = MaintenanceEvent.PublicMaintenanceChanged.class,
        name = MessageTypes.PUBLIC_MAINTENANCE_CHANGED))
public sealed interface MaintenanceEvent extends TocsinMessage {

    /**
     * A maintenance window announced to customers (seed 001: "Quarterly (announced)") was scheduled, or ended early:
     * its whole public state, so a consumer keeps the latest by {@code occurredAt}. The status page lists it as
     * scheduled maintenance, its components under maintenance while it lasts.
     *
     * @param windowId   the window's id in incident-service
     * @param title      what customers read ("Database upgrade")
     * @param components the status page components it affects; may be empty
     * @param startsAt   start
     * @param endsAt     end (the early end when it was ended before its time)
     * @param endedEarly whether it was ended before its planned end
     */
    record PublicMaintenanceChanged(UUID eventId, Instant occurredAt, UUID windowId, String title, List<String> components,
                                    Instant startsAt, Instant endsAt, boolean endedEarly) implements MaintenanceEvent {

        public PublicMaintenanceChanged {
            components = components == null ? List.of() : List.copyOf(components);
        }

        @Override
        public String partitionKey() {
            return windowId.toString();
        }
    }
}
