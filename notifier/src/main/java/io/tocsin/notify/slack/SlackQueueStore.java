package io.tocsin.notify.slack;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The send queue's rows ({@code slack_queue}), the per-channel pacing and ownership ({@code slack_channel}) and the
 * root message of each incident ({@code slack_thread}): every statement {@link SlackSender} and {@link SlackDelivery}
 * run.
 *
 * <p>Owner: one notifier instance per channel. Claiming a channel's head first takes the channel's lease
 * ({@code owner}, {@code lease_until}, counted in database time so that instances' clocks do not matter) unless another
 * live instance holds it, so two instances never send in one channel at once and a reply never overtakes its root. A
 * lease lasts {@link #LEASE} (longer than a Slack call with its timeout) and is renewed by each claim and again right
 * before each post ({@link #holdsLease}, which also fences off an owner that stalled past its lease); a dead owner's
 * channel is taken over when it ends, and the head it was sending is claimed again <em>in doubt</em>
 * ({@link Item#inDoubtSince()}): {@link SlackDelivery} first looks for it in the channel's history, so that a message
 * that reached Slack before the crash is not posted twice; none is lost and none out of order.
 */
@Component
class SlackQueueStore {

    /** How long a claim keeps a channel: well over one Slack call ({@code tocsin.slack.timeout}, 10 s). */
    static final Duration LEASE = Duration.ofSeconds(30);

    /**
     * A claimed message.
     *
     * @param kind              {@code root}, {@code update}, {@code reply} or {@code message}
     * @param approvalExecution the remediation step a reply asks approval for; {@code null} otherwise
     * @param traceparent       W3C trace context of the event that queued it; {@code null} when none
     * @param inDoubtSince      when an earlier claim of this item began that ended without an outcome (a crash or a
     *                          stop mid-send): the message may be in Slack already; {@code null} for a first claim
     */
    record Item(long id, String channel, UUID incidentId, String kind, String text, int attempts,
                Instant nextAttemptAt, UUID approvalExecution, String traceparent, Instant inDoubtSince) {

        /** The key this message carries in Slack's message metadata, to be found again: {@code tocsin-<id>}. */
        String messageKey() {
            return "tocsin-" + id;
        }
    }

    /** Where an incident's root message is: the channel id Slack answered with, and its {@code ts}. */
    record SlackThread(String channel, String ts) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final String owner;

    /** @param owner this instance's name in {@code slack_channel.owner} ({@code tocsin.instance-id}) */
    @Autowired
    SlackQueueStore(JdbcClient jdbc, TransactionTemplate tx, @Value("${tocsin.instance-id}") String owner) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.owner = owner;
    }

    /**
     * Channels with a message due at {@code now} whose pacing allows a send and which no other live instance holds;
     * a {@code sending} head counts as due (its send was interrupted).
     */
    List<String> dueChannels(Instant now) {
        return jdbc.sql("""
                        SELECT DISTINCT q.channel FROM slack_queue q LEFT JOIN slack_channel c ON c.channel = q.channel
                        WHERE ((q.status = 'pending' AND q.next_attempt_at <= ?) OR q.status = 'sending')
                          AND (c.next_allowed_at IS NULL OR c.next_allowed_at <= ?)
                          AND (c.owner IS NULL OR c.owner = ? OR c.lease_until < now())""")
                .params(Timestamp.from(now), Timestamp.from(now), owner).query(String.class).list();
    }

    /** Whether a channel must wait at {@code now} (its last send or a 429 paced it). */
    boolean paced(String channel, Instant now) {
        return jdbc.sql("SELECT coalesce(next_allowed_at > ?, false) FROM slack_channel WHERE channel = ?").params(Timestamp.from(now), channel)
                .query(Boolean.class).optional().orElse(false);
    }

    /**
     * Claims the head of a channel's queue when it is due at {@code now} and this instance holds or takes the channel's
     * lease: status {@code sending}, committed, so that new state changes queue a fresh update instead of coalescing
     * into one already rendered. A head already {@code sending} under this lease was interrupted (a stop, or a dead
     * owner before the lease passed to this instance) and is claimed again.
     *
     * @return the claimed item; empty when another instance holds the channel, the head is not due, or the queue is empty
     */
    Optional<Item> claimHead(String channel, Instant now) {
        return Optional.ofNullable(tx.execute(status -> {
            if (!lease(channel)) {
                return null;
            }
            return jdbc.sql("""
                            SELECT id, channel, incident_id, kind, text, attempts, next_attempt_at, approval_execution,
                                   traceparent, status, claimed_at, in_doubt_since
                            FROM slack_queue WHERE channel = ? AND status IN ('pending', 'sending') ORDER BY id LIMIT 1""")
                    .param(channel)
                    .query((rs, n) -> {
                        boolean interrupted = rs.getString(10).equals("sending");
                        Timestamp claimed = rs.getTimestamp(11);
                        Timestamp doubted = rs.getTimestamp(12);
                        // Rows claimed before claimed_at existed: look back far enough to cover any interrupted send.
                        Instant inDoubt = doubted != null ? doubted.toInstant() : !interrupted ? null
                                : claimed != null ? claimed.toInstant() : now.minus(Duration.ofHours(1));
                        return new Item(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                                rs.getString(5), rs.getInt(6), interrupted ? now : rs.getTimestamp(7).toInstant(),
                                rs.getObject(8, UUID.class), rs.getString(9), inDoubt);
                    })
                    .optional()
                    .filter(i -> !i.nextAttemptAt().isAfter(now))
                    .filter(i -> jdbc.sql("""
                                    UPDATE slack_queue SET status = 'sending', claimed_at = now(), in_doubt_since = ?
                                    WHERE id = ? AND status IN ('pending', 'sending')""")
                            .params(i.inDoubtSince() == null ? null : Timestamp.from(i.inDoubtSince()), i.id()).update() == 1)
                    .orElse(null);
        }));
    }

    /**
     * Takes or renews the channel's lease for this instance, row-locking the channel until the transaction ends.
     *
     * @return whether this instance holds it now
     */
    private boolean lease(String channel) {
        jdbc.sql("INSERT INTO slack_channel (channel) VALUES (?) ON CONFLICT (channel) DO NOTHING").param(channel).update();
        return jdbc.sql("""
                        UPDATE slack_channel SET owner = ?, lease_until = now() + make_interval(secs => ?)
                        WHERE channel = ? AND (owner IS NULL OR owner = ? OR lease_until < now())""")
                .params(owner, LEASE.toSeconds(), channel, owner).update() == 1;
    }

    /**
     * Renews this instance's lease of a channel right before a post, when it still holds it: the fence between a claim
     * and its post. An owner that stalled past its lease (a long GC pause, a starved CPU, a wait for a database
     * connection) may have lost the channel, and the new owner has claimed the same head again in doubt and may have
     * posted it already; the stalled one must then post nothing. After a renewal the post has the whole lease (30 s)
     * to reach Slack before another instance can take the channel, and that one looks for it in the channel first.
     *
     * @return whether this instance still holds the channel (now renewed); {@code false}: another instance took it
     */
    boolean holdsLease(String channel) {
        return jdbc.sql("""
                        UPDATE slack_channel SET lease_until = now() + make_interval(secs => ?)
                        WHERE channel = ? AND owner = ?""")
                .params(LEASE.toSeconds(), channel, owner).update() == 1;
    }

    /**
     * The Slack id of a channel (what {@code conversations.history} needs): the name itself unless it is a
     * {@code #name}, else the id Slack answered an earlier post in it with; empty when none is known yet.
     */
    Optional<String> channelId(String channel) {
        if (!channel.startsWith("#")) {
            return Optional.of(channel);
        }
        return jdbc.sql("SELECT channel_id FROM slack_channel WHERE channel = ? AND channel_id IS NOT NULL").param(channel)
                .query(String.class).optional();
    }

    /** Remembers the id Slack answered a post in {@code channel} with. */
    void channelIdSeen(String channel, String channelId) {
        if (channelId == null || channelId.isBlank() || channelId.equals(channel)) {
            return;
        }
        jdbc.sql("UPDATE slack_channel SET channel_id = ? WHERE channel = ? AND channel_id IS DISTINCT FROM ?")
                .params(channelId, channel, channelId).update();
    }

    /**
     * Gives a claimed item back without an outcome, so the channel keeps moving. Its send may have reached Slack before
     * the failure (recording the answer failed), so it stays in doubt: the next claim looks for it first.
     */
    void release(Item item) {
        jdbc.sql("""
                        UPDATE slack_queue SET status = 'pending', in_doubt_since = coalesce(in_doubt_since, claimed_at)
                        WHERE id = ? AND status = 'sending'""").param(item.id()).update();
    }

    /** Runs {@code work} in one transaction (an outcome and its consequences). */
    void inTransaction(Runnable work) {
        tx.executeWithoutResult(status -> work.run());
    }

    Optional<SlackThread> thread(UUID incidentId) {
        return jdbc.sql("SELECT channel, ts FROM slack_thread WHERE incident_id = ?").param(incidentId)
                .query((rs, n) -> new SlackThread(rs.getString(1), rs.getString(2))).optional();
    }

    /**
     * Remembers an incident's root message; the first one recorded stays (an owner that lost the channel after its
     * post records the same message the new owner found in the channel).
     */
    void rootPosted(UUID incidentId, String channelId, String ts, Instant at) {
        jdbc.sql("""
                        INSERT INTO slack_thread (incident_id, channel, ts, posted_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (incident_id) DO NOTHING""")
                .params(incidentId, channelId, ts, Timestamp.from(at)).update();
    }

    /** Ends an item: {@code sent}, {@code failed} or {@code superseded}, with the error when there is one. */
    void finish(Item item, String status, String error, Instant at) {
        jdbc.sql("UPDATE slack_queue SET status = ?, last_error = ?, sent_at = ? WHERE id = ?")
                .params(status, error, "sent".equals(status) ? Timestamp.from(at) : null, item.id()).update();
    }

    /**
     * Puts an item back for {@code at}; an update is superseded instead when a newer one was queued while it was in
     * flight. {@code inDoubt}: the failed send may have reached Slack, so the next claim looks for it first (as after a
     * crash, from this claim's start).
     */
    void requeue(Item item, int attempts, Instant at, String error, boolean inDoubt) {
        jdbc.sql("""
                        UPDATE slack_queue SET attempts = ?, next_attempt_at = ?, last_error = ?,
                            in_doubt_since = CASE WHEN ? THEN coalesce(in_doubt_since, claimed_at) ELSE in_doubt_since END,
                            status = CASE WHEN kind = 'update' AND EXISTS (
                                SELECT 1 FROM slack_queue newer WHERE newer.incident_id = slack_queue.incident_id
                                  AND newer.kind = 'update' AND newer.status = 'pending') THEN 'superseded' ELSE 'pending' END
                        WHERE id = ?""")
                .params(attempts, Timestamp.from(at), error, inDoubt, item.id()).update();
    }

    /** The channel's next send may happen at {@code nextAllowedAt}. */
    void pace(String channel, Instant nextAllowedAt) {
        jdbc.sql("""
                        INSERT INTO slack_channel (channel, next_allowed_at) VALUES (?, ?)
                        ON CONFLICT (channel) DO UPDATE SET next_allowed_at = excluded.next_allowed_at""")
                .params(channel, Timestamp.from(nextAllowedAt)).update();
    }
}
