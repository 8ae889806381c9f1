package io.tocsin.incident.messaging;

import io.tocsin.contracts.messages.MaintenanceEvent;
import io.tocsin.incident.maintenance.MaintenanceNoticeChanged;
import io.tocsin.platform.kafka.OutboxSender;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends each {@link MaintenanceNoticeChanged} recorded with a window change (the outbox, as {@link OnCallEventPublisher}
 * does) to {@code maintenance.events.v1} as {@link MaintenanceEvent.PublicMaintenanceChanged}, keyed by window id; one the broker did not take stays incomplete and is resubmitted
 * with the others.
 */
@Component
class MaintenanceEventPublisher {

    private final OutboxSender sender;

    MaintenanceEventPublisher(@Qualifier("maintenanceEventSender") OutboxSender sender) {
        this.sender = sender;
    }

    @TransactionalEventListener
    CompletableFuture<Void> publish(MaintenanceNoticeChanged changed) {
        return sender.send(new MaintenanceEvent.PublicMaintenanceChanged(changed.eventId(), changed.at(), changed.windowId(),
                changed.title(), changed.components(), changed.startsAt(), changed.endsAt(), changed.endedEarly()));
    }
}
