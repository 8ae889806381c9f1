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
        long openIncidentsReminder = reminder(channel, incident, 9);
        UUID resolved = UUID.randomUUID();
        long resolvedIncidentsReminder = reminder(channel, resolved, 9);
        view(incident, "TRIGGERED");
        view(resolved, "RESOLVED");
        long oldTrigger = outbound(incident, "pagerduty:trigger:" + incident, "sent", 9);
        long oldWebhookTrigger = outbound(incident, "webhook:triggered:" + incident, "sent", 9);
        long oldResolve = outbound(incident, "pagerduty:resolve:" + incident, "sent", 9);
        long oldFailedWebhook = outbound(incident, "webhook:" + UUID.randomUUID(), "failed", 9);
        long recentAck = outbound(incident, "pagerduty:acknowledge:" + incident, "sent", 1);

        // (the cluster's own purge task may run first: what remains is what counts)
        new FinishedDeliveries(jdbc).purge(Duration.ofDays(8));

        assertThat(ids("slack_queue", incident)).as("a reminder is kept while its incident is open: a scan would queue it again")
                .containsExactlyInAnyOrder(oldRoot, recentReply, oldPending, openIncidentsReminder)
                .doesNotContain(oldReply, oldUpdate, oldFailedPage);
        assertThat(ids("outbound_delivery", incident)).containsExactlyInAnyOrder(oldTrigger, oldWebhookTrigger, recentAck)
                .doesNotContain(oldResolve, oldFailedWebhook);
        assertThat(ids("slack_queue", resolved)).doesNotContain(resolvedIncidentsReminder);
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

    private long reminder(String channel, UUID incident, int daysAgo) {
        return jdbc.sql("""
                        INSERT INTO slack_queue (channel, incident_id, kind, text, dedupe_key, status, created_at)
                        VALUES (?, ?, 'reply', 'update due', ?, 'sent', now() - make_interval(days => ?)) RETURNING id""")
                .params(channel, incident, "update-reminder:" + incident + ":2026-11-20T10:15:00Z", daysAgo)
                .query(Long.class).single();
    }

    /** An incident as the notifier knows it; SEV4, so no status page or reminder of another test shows it. */
    private void view(UUID incident, String status) {
        jdbc.sql("""
                        INSERT INTO incident_view (incident_id, key, title, status, severity, service, group_key, alert_count,
                            firing_count, opened_at, state_at) VALUES (?, ?, 'purge', ?, 'SEV4', 'purge', ?, 1, 1, now(), now())""")
                .params(incident, "INC-P" + Math.abs(incident.hashCode()), status, "g-" + incident).update();
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
