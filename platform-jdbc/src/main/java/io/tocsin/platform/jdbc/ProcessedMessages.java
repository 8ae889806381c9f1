package io.tocsin.platform.jdbc;

import io.tocsin.contracts.messages.IncidentCommand;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.RemediationResult;
import io.tocsin.contracts.messages.TocsinMessage;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Idempotent consumption: a message's effect runs in one transaction with the insert of
 * {@code (consumer, eventId)} into the service schema's {@code processed_message} table, so a
 * redelivered message finds its id there and changes nothing. If the effect throws, both roll back and
 * the message can be retried. Every Tocsin consumer that owns a schema goes through this. While the effect
 * runs, the log MDC holds {@code eventId} and, where the message names one, {@code incident}, so structured
 * logs ({@code json-logs} profile) carry them.
 */
public final class ProcessedMessages {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    /**
     * @param jdbc a client on the service's schema (which has a {@code processed_message(consumer, event_id)} table)
     * @param tx   its transaction template
     */
    public ProcessedMessages(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Runs {@code effect} unless {@code consumer} already processed {@code message}.
     *
     * @return whether the effect ran (false on redelivery)
     */
    public boolean once(String consumer, TocsinMessage message, Runnable effect) {
        return once(consumer, message, () -> {
            effect.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    /**
     * Runs {@code effect} unless {@code consumer} already processed {@code message}.
     *
     * @return the effect's result, or empty on redelivery
     */
    public <T> Optional<T> once(String consumer, TocsinMessage message, Supplier<T> effect) {
        String incident = incidentOf(message);
        try (var eventId = MDC.putCloseable("eventId", String.valueOf(message.eventId()));
             var incidentKey = incident == null ? null : MDC.putCloseable("incident", incident)) {
            return Optional.ofNullable(tx.execute(status -> {
                int fresh = jdbc.sql("INSERT INTO processed_message (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(consumer, message.eventId()).update();
                return fresh == 1 ? effect.get() : null;
            }));
        }
    }

    /**
     * Batch form of {@link #once}: records {@code (consumer, eventId)} for every id in one statement and answers which
     * of them were new. Must run inside the transaction that applies the new messages' effects, so that both commit
     * or roll back together; an id seen twice in {@code eventIds} is new once.
     *
     * @return the ids not processed before, in no particular order
     * @throws IllegalStateException outside a transaction
     */
    public Set<UUID> claim(String consumer, Collection<UUID> eventIds) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("claim must run inside the transaction that applies the messages");
        }
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        INSERT INTO processed_message (consumer, event_id) SELECT ?, id FROM unnest(?::uuid[]) AS t(id)
                        ON CONFLICT DO NOTHING RETURNING event_id""")
                .params(consumer, eventIds.toArray(UUID[]::new))
                .query(UUID.class).list());
    }

    /** The incident a message is about, for the {@code incident} log field: its key where known, else its id. */
    public static String incidentOf(TocsinMessage message) {
        return switch (message) {
            case IncidentEvent e -> e.incident() == null ? null : e.incident().key();
            case IncidentCommand c -> c.incident();
            case RemediationResult r -> r.incidentId() == null ? null : r.incidentId().toString();
            default -> null;
        };
    }
}
