package io.tocsin.incident.messaging;

import io.tocsin.contracts.messages.OnCallEvent;
import io.tocsin.platform.kafka.OutboxSender;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends each {@link OnCallEvent} recorded with an override change (Spring Modulith's outbox, as
 * {@link IncidentEventPublisher} does for incident events) to {@code oncall.events.v1}, keyed by schedule; one the
 * broker did not take stays incomplete and is resubmitted with the others by {@link IncidentEventPublisher}.
 */
@Component
class OnCallEventPublisher {

    private final OutboxSender sender;

    OnCallEventPublisher(@Qualifier("oncallEventSender") OutboxSender sender) {
        this.sender = sender;
    }

    @TransactionalEventListener
    CompletableFuture<Void> publish(OnCallEvent.OverridesChanged changed) {
        return sender.send(changed);
    }
}
