package io.tocsin.platform.jdbc;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.tocsin.platform.jdbc.scheduling.ClusterScheduling;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * logs ({@code json-logs} profile) carry them. The ids are kept for a retention ({@link #purge}), not forever.
 */
public final class ProcessedMessages {

    private static final Logger log = LoggerFactory.getLogger(ProcessedMessages.class);

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

    /** The db-scheduler task of {@link #purgeTask}, in each service's {@code scheduled_tasks}. */
    public static final String PURGE_TASK = "processed-message-purge";

    /** How long an id is kept by default: a day longer than Kafka's default topic retention (7 days). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(8);

    /**
     * Deletes the ids recorded more than {@code retention} ago, in chunks of 10,000 rows (one short transaction each,
     * by the {@code processed_at} index), so the table holds what a redelivery can still need and no more. A record
     * older than the retention can only come back when a consumer group is rewound past the topic's own retention,
     * which Kafka has deleted by then; keep {@code retention} above the topics' {@code retention.ms}.
     *
     * @return how many ids were deleted
     */
    public long purge(Duration retention) {
        return ChunkedDelete.olderThan(jdbc, """
                DELETE FROM processed_message WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM processed_message WHERE processed_at < now() - make_interval(secs => ?)
                    LIMIT 10000))""", retention);
    }

    /**
     * {@link #purge} as a recurring cluster task ({@link ClusterScheduling}): hourly, by one instance at a time, logged
     * when it deleted anything.
     */
    public RecurringTask<Void> purgeTask(Duration retention) {
        return ClusterScheduling.every(PURGE_TASK, Duration.ofHours(1), () -> {
            long deleted = purge(retention);
            if (deleted > 0) {
                log.info("processed_message.purged rows={} olderThan={}", deleted, retention);
            }
        });
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
