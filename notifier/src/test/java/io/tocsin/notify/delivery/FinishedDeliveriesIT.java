package io.tocsin.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.notify.NotifierIT;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The send queues keep recent work, not every message ever sent: finished rows past the retention go, while what a
 * long-open incident still needs stays (its Slack root, its outbound triggers) and so does anything not finished.
 */
class FinishedDeliveriesIT extends NotifierIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void finishedRowsPastTheRetentionAreDeletedButRootsTriggersAndUnfinishedWorkStay() {
        UUID incident = UUID.randomUUID();
        String channel = "#purge-" + incident;
        long oldRoot = slack(channel, incident, "root", "sent", 9);
        long oldReply = slack(channel, incident, "reply", "sent", 9);
        long oldUpdate = slack(channel, incident, "update", "superseded", 9);
        long oldFailedPage = slack("U" + incident, incident, "page", "failed", 9);
        long recentReply = slack(channel, incident, "reply", "sent", 1);
        long oldPending = slack(channel, incident, "reply", "pending", 9); // waiting for a retry (not due: the sender leaves it)
        long oldTrigger = outbound(incident, "pagerduty:trigger:" + incident, "sent", 9);
        long oldWebhookTrigger = outbound(incident, "webhook:triggered:" + incident, "sent", 9);
        long oldResolve = outbound(incident, "pagerduty:resolve:" + incident, "sent", 9);
        long oldFailedWebhook = outbound(incident, "webhook:" + UUID.randomUUID(), "failed", 9);
        long recentAck = outbound(incident, "pagerduty:acknowledge:" + incident, "sent", 1);

        long[] deleted = new FinishedDeliveries(jdbc).purge(Duration.ofDays(8));

        assertThat(deleted[0]).as("slack_queue rows deleted (this test's, perhaps others' too)").isGreaterThanOrEqualTo(3);
        assertThat(deleted[1]).isGreaterThanOrEqualTo(2);
        assertThat(ids("slack_queue", incident)).containsExactlyInAnyOrder(oldRoot, recentReply, oldPending)
                .doesNotContain(oldReply, oldUpdate, oldFailedPage);
        assertThat(ids("outbound_delivery", incident)).containsExactlyInAnyOrder(oldTrigger, oldWebhookTrigger, recentAck)
                .doesNotContain(oldResolve, oldFailedWebhook);
        assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_name = ?").param(FinishedDeliveries.PURGE_TASK)
                .query(Long.class).single()).as("scheduled hourly on the cluster").isEqualTo(1);
    }

    private long slack(String channel, UUID incident, String kind, String status, int daysAgo) {
        return jdbc.sql("""
                        INSERT INTO slack_queue (channel, incident_id, kind, text, dedupe_key, status, created_at, next_attempt_at)
                        VALUES (?, ?, ?, 'text', ?, ?, now() - make_interval(days => ?), now() + interval '1 day')
                        RETURNING id""")
                .params(channel, incident, kind, UUID.randomUUID().toString(), status, daysAgo).query(Long.class).single();
    }

    private long outbound(UUID incident, String dedupeKey, String status, int daysAgo) {
        return jdbc.sql("""
                        INSERT INTO outbound_delivery (destination, incident_id, body, dedupe_key, status, created_at)
                        VALUES ('pagerduty', ?, '{}', ?, ?, now() - make_interval(days => ?)) RETURNING id""")
                .params(incident, dedupeKey, status, daysAgo).query(Long.class).single();
    }

    private List<Long> ids(String table, UUID incident) {
        return jdbc.sql("SELECT id FROM " + table + " WHERE incident_id = ?").param(incident).query(Long.class).list();
    }
}
