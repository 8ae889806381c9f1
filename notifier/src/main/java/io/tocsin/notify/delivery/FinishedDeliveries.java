package io.tocsin.notify.delivery;

import io.tocsin.platform.jdbc.ChunkedDelete;
import io.tocsin.platform.jdbc.scheduling.ClusterScheduling;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes what the notifier's two send queues finished long ago, so that {@code slack_queue} and
 * {@code outbound_delivery} hold recent work and not every message ever sent: rows {@code sent}, {@code failed} or
 * {@code superseded} queued more than {@code retention} ago (default 8 days, {@code TOCSIN_NOTIFIER_QUEUE_RETENTION}),
 * in chunks of 10,000 rows, hourly, by one instance ({@link #purgeTask}).
 *
 * <p>Kept whatever their age, one per incident: an incident's Slack {@code root} row (it names the incident's channel
 * and its uniqueness is what keeps a long-open incident from getting a second root) and its outbound trigger rows
 * ({@code pagerduty:trigger:…}, {@code webhook:triggered:…}: an acknowledge or resolve is forwarded only where the
 * trigger was); and a still open incident's customer-update reminders (their keys come from the incident's state, not
 * from an event: a scan would queue a purged one again). Deleting a row also forgets its dedupe key, so a redelivered
 * event older than {@code retention} would be sent again; like {@code processed_message}'s, the retention stays above
 * the topics' 7 days, after which Kafka has deleted the record.
 */
public final class FinishedDeliveries {

    /** The db-scheduler task, in {@code notifier.scheduled_tasks}. */
    public static final String PURGE_TASK = "delivery-queue-purge";

    private static final Logger log = LoggerFactory.getLogger(FinishedDeliveries.class);

    private final JdbcClient jdbc;

    /** @param jdbc the notifier's schema (where both queues are) */
    public FinishedDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One purge of both queues.
     *
     * @return rows deleted: {@code [slack_queue, outbound_delivery]}
     */
    public long[] purge(Duration retention) {
        long slack = ChunkedDelete.olderThan(jdbc, """
                DELETE FROM slack_queue WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM slack_queue
                    WHERE status IN ('sent', 'failed', 'superseded') AND kind <> 'root'
                      AND created_at < now() - make_interval(secs => ?)
                      AND NOT (dedupe_key LIKE 'update-reminder:%' AND EXISTS (
                          SELECT 1 FROM incident_view v WHERE v.incident_id = slack_queue.incident_id AND v.status <> 'RESOLVED'))
                    LIMIT 10000))""", retention);
        long outbound = ChunkedDelete.olderThan(jdbc, """
                DELETE FROM outbound_delivery WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM outbound_delivery
                    WHERE status IN ('sent', 'failed')
                      AND dedupe_key NOT LIKE 'pagerduty:trigger:%' AND dedupe_key NOT LIKE 'webhook:triggered:%'
                      AND created_at < now() - make_interval(secs => ?)
                    LIMIT 10000))""", retention);
        return new long[] {slack, outbound};
    }

    /** {@link #purge} hourly as a cluster task (one instance per run), logged when it deleted anything. */
    public com.github.kagkarlsson.scheduler.task.helper.RecurringTask<Void> purgeTask(Duration retention) {
        return ClusterScheduling.every(PURGE_TASK, Duration.ofHours(1), () -> {
            long[] deleted = purge(retention);
            if (deleted[0] + deleted[1] > 0) {
                log.info("delivery_queue.purged slackQueueRows={} outboundRows={} olderThan={}", deleted[0], deleted[1],
                        retention);
            }
        });
    }
}
