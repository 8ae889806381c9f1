package io.tocsin.incident.messaging;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code incident.processed_message}: the ids of messages a consumer has applied. Recorded in the
 * same transaction as the message's effect, so a redelivered message is recognised and skipped.
 */
@Repository
class ProcessedMessages {

    private final JdbcClient jdbc;

    ProcessedMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that {@code consumer} is applying {@code eventId} now.
     *
     * @return {@code false} when it was applied before: the caller must do nothing
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean firstDelivery(String consumer, UUID eventId) {
        return jdbc.sql("INSERT INTO processed_message (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(consumer, eventId)
                .update() == 1;
    }
}
