package io.tocsin.notify.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.notify.NotifierIT;
import io.tocsin.notify.incidents.IncidentViews;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Customers are owed an update every 15 minutes of a public incident, and at the time promised (seeds 002, 004): the
 * thread is reminded once per due time, however often the scan runs.
 */
class UpdateRemindersIT extends NotifierIT {

    @Autowired
    UpdateReminders reminders;
    @Autowired
    IncidentViews views;
    @Autowired
    TransactionTemplate tx;

    @Test
    void aPublicIncidentWithoutAnUpdateForItsCadenceAndAMissedPromiseAreRemindedOnce() {
        UUID id = UUID.randomUUID();
        Instant opened = Instant.now().minus(Duration.ofMinutes(20));
        IncidentSummary s = new IncidentSummary(id, "INC-501", "Checkout errors", "TRIGGERED", "SEV1", "payments", "g-" + id, 1,
                1, "", opened);
        send(Topics.INCIDENT_EVENTS, attached(s, "reminders", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> !callsTo("#reminders").isEmpty());

        Instant now = Instant.now();
        scan(id, now);
        scan(id, now.plusSeconds(30)); // another run, or another instance
        await().atMost(Duration.ofSeconds(20)).until(() -> reminders().size() == 1);
        assertThat(reminders().getFirst()).startsWith("⏰ No customer update for 20 min (SEV1 cadence: every 15 min). "
                + "Post one with `/incident update INC-501`");

        // A person writes an update and promises the next in 10 minutes: no reminder until then, one after.
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentStatusUpdated(UUID.randomUUID(), now, s, "slack:U2", "identified",
                "Found it.", null, null, now.plus(Duration.ofMinutes(10)), null));
        await().atMost(Duration.ofSeconds(20)).until(() -> views.updatesOf(id).size() == 2);
        scan(id, now.plus(Duration.ofMinutes(9)));
        scan(id, now.plus(Duration.ofMinutes(11)));
        scan(id, now.plus(Duration.ofMinutes(12)));
        await().atMost(Duration.ofSeconds(20)).until(() -> reminders().size() == 2);
        assertThat(reminders().get(1)).startsWith("⏰ The next customer update was promised for ");

        // Still nothing 15 minutes after the missed promise: the cadence reminds again.
        scan(id, now.plus(Duration.ofMinutes(26)));
        await().atMost(Duration.ofSeconds(20)).until(() -> reminders().size() == 3);
        assertThat(reminders().get(2)).startsWith("⏰ No customer update for");
    }

    private void scan(UUID incident, Instant at) {
        tx.executeWithoutResult(status -> reminders.check(views.find(incident).orElseThrow(), at));
    }

    private static List<String> reminders() {
        return callsTo("#reminders").stream().filter(c -> c.isReply())
                .map(c -> c.form().getOrDefault("text", "")).filter(t -> t.startsWith("⏰")).toList();
    }
}
