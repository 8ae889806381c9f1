package io.tocsin.notify.slack;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The send queue's rows ({@code slack_queue}), the per-channel pacing ({@code slack_channel}) and the root message of
 * each incident ({@code slack_thread}): every statement {@link SlackSender} and {@link SlackDelivery} run.
 */
@Component
class SlackQueueStore {

    /**
     * A claimed message.
     *
     * @param kind              {@code root}, {@code update}, {@code reply} or {@code message}
     * @param approvalExecution the remediation step a reply asks approval for; {@code null} otherwise
     * @param traceparent       W3C trace context of the event that queued it; {@code null} when none
     */
    record Item(long id, String channel, UUID incidentId, String kind, String text, int attempts,
                Instant nextAttemptAt, UUID approvalExecution, String traceparent) {
    }

    /** Where an incident's root message is: the channel id Slack answered with, and its {@code ts}. */
    record SlackThread(String channel, String ts) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    SlackQueueStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Puts every {@code sending} row back to {@code pending}; returns how many. */
    int recoverInterrupted() {
        return jdbc.sql("UPDATE slack_queue SET status = 'pending' WHERE status = 'sending'").update();
    }

    /** Channels with a message due at {@code now} whose pacing allows a send. */
    List<String> dueChannels(Instant now) {
        return jdbc.sql("""
                        SELECT DISTINCT q.channel FROM slack_queue q LEFT JOIN slack_channel c ON c.channel = q.channel
                        WHERE q.status = 'pending' AND q.next_attempt_at <= ? AND (c.next_allowed_at IS NULL OR c.next_allowed_at <= ?)""")
                .params(Timestamp.from(now), Timestamp.from(now)).query(String.class).list();
    }

    /** Whether a channel must wait at {@code now} (its last send or a 429 paced it). */
    boolean paced(String channel, Instant now) {
        return jdbc.sql("SELECT next_allowed_at > ? FROM slack_channel WHERE channel = ?").params(Timestamp.from(now), channel)
                .query(Boolean.class).optional().orElse(false);
    }

    /**
     * Claims the head of a channel's queue when it is due at {@code now} (status {@code sending}, committed, so that new
     * state changes queue a fresh update instead of coalescing into one already rendered).
     *
     * @return the claimed item; empty when the head is not due, or claimed already, or the queue is empty
     */
    Optional<Item> claimHead(String channel, Instant now) {
        return Optional.ofNullable(tx.execute(status -> jdbc.sql("""
                        SELECT id, channel, incident_id, kind, text, attempts, next_attempt_at, approval_execution, traceparent
                        FROM slack_queue
                        WHERE channel = ? AND status IN ('pending', 'sending') ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param(channel)
                .query((rs, n) -> new Item(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant(), rs.getObject(8, UUID.class),
                        rs.getString(9)))
                .optional()
                .filter(i -> !i.nextAttemptAt().isAfter(now))
                .filter(i -> jdbc.sql("UPDATE slack_queue SET status = 'sending' WHERE id = ? AND status = 'pending'")
                        .param(i.id()).update() == 1)
                .orElse(null)));
    }

    /** Gives a claimed item back unsent, so the channel keeps moving. */
    void release(Item item) {
        jdbc.sql("UPDATE slack_queue SET status = 'pending' WHERE id = ? AND status = 'sending'").param(item.id()).update();
    }

    /** Runs {@code work} in one transaction (an outcome and its consequences). */
    void inTransaction(Runnable work) {
        tx.executeWithoutResult(status -> work.run());
    }

    Optional<SlackThread> thread(UUID incidentId) {
        return jdbc.sql("SELECT channel, ts FROM slack_thread WHERE incident_id = ?").param(incidentId)
                .query((rs, n) -> new SlackThread(rs.getString(1), rs.getString(2))).optional();
    }

    /** Remembers an incident's root message. */
    void rootPosted(UUID incidentId, String channelId, String ts, Instant at) {
        jdbc.sql("INSERT INTO slack_thread (incident_id, channel, ts, posted_at) VALUES (?, ?, ?, ?)")
                .params(incidentId, channelId, ts, Timestamp.from(at)).update();
    }

    /** Ends an item: {@code sent}, {@code failed} or {@code superseded}, with the error when there is one. */
    void finish(Item item, String status, String error, Instant at) {
        jdbc.sql("UPDATE slack_queue SET status = ?, last_error = ?, sent_at = ? WHERE id = ?")
                .params(status, error, "sent".equals(status) ? Timestamp.from(at) : null, item.id()).update();
    }

    /** Puts an item back for {@code at}; an update is superseded instead when a newer one was queued while it was in flight. */
    void requeue(Item item, int attempts, Instant at, String error) {
        jdbc.sql("""
                        UPDATE slack_queue SET attempts = ?, next_attempt_at = ?, last_error = ?,
                            status = CASE WHEN kind = 'update' AND EXISTS (
                                SELECT 1 FROM slack_queue newer WHERE newer.incident_id = slack_queue.incident_id
                                  AND newer.kind = 'update' AND newer.status = 'pending') THEN 'superseded' ELSE 'pending' END
                        WHERE id = ?""")
                .params(attempts, Timestamp.from(at), error, item.id()).update();
    }

    /** The channel's next send may happen at {@code nextAllowedAt}. */
    void pace(String channel, Instant nextAllowedAt) {
        jdbc.sql("""
                        INSERT INTO slack_channel (channel, next_allowed_at) VALUES (?, ?)
                        ON CONFLICT (channel) DO UPDATE SET next_allowed_at = excluded.next_allowed_at""")
                .params(channel, Timestamp.from(nextAllowedAt)).update();
    }
}
