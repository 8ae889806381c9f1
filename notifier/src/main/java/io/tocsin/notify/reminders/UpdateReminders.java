package io.tocsin.notify.reminders;

import io.tocsin.notify.incidents.IncidentView;
import io.tocsin.notify.incidents.IncidentViews;
import io.tocsin.notify.slack.SlackQueue;
import io.tocsin.notify.status.StatusPageSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reminds the incident's thread when customers are owed an update: a public incident (a status page severity) whose
 * last update is older than its severity's cadence ({@link UpdateCadence}, 15 min for SEV1 and SEV2), or whose promised
 * "next update" time has passed. Runs as one cluster-wide task ({@code status-update-reminders}); each reminder is
 * queued with a key of its incident and due time, so it is posted once whichever instance runs the scan and however
 * often. Incidents that are quiet (inhibited, in maintenance) or not yet announced get none.
 */
@Component
public class UpdateReminders {

    private static final Logger log = LoggerFactory.getLogger(UpdateReminders.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final IncidentViews views;
    private final SlackQueue slack;
    private final StatusPageSettings statusPage;
    private final UpdateCadence cadence;
    private final Clock clock;

    UpdateReminders(IncidentViews views, SlackQueue slack, StatusPageSettings statusPage, UpdateCadence cadence, Clock clock) {
        this.views = views;
        this.slack = slack;
        this.statusPage = statusPage;
        this.cadence = cadence;
        this.clock = clock;
    }

    /** Checks every open public incident once; queues the reminders that are due. */
    @Transactional
    public void scan() {
        Instant now = clock.instant();
        for (IncidentView incident : views.open()) {
            check(incident, now);
        }
    }

    /** Queues the reminder one incident is due at {@code now}, if any. */
    void check(IncidentView incident, Instant now) {
        Duration every = cadence.bySeverity().get(incident.severity());
        if (!statusPage.severities().contains(incident.severity()) || incident.quiet() || incident.isResolved()) {
            return;
        }
        String channel = slack.rootChannel(incident.incidentId()).orElse(null);
        if (channel == null) {
            return; // not announced: nobody to remind yet
        }
        List<IncidentViews.Update> updates = views.updatesOf(incident.incidentId());
        Instant last = updates.isEmpty() ? incident.openedAt() : updates.getFirst().at();
        // The newest update a person wrote sets the promise; an automatic one promises nothing.
        Instant promised = updates.stream().filter(u -> u.writtenBy() != null).findFirst()
                .map(IncidentViews.Update::nextUpdateAt).orElse(null);
        if (promised != null && now.isBefore(promised)) {
            return; // promised for later: customers expect nothing before it
        }
        if (promised != null) {
            remind(incident, channel, promised, "⏰ The next customer update was promised for " + TIME.format(promised)
                    + ". Post it with `/incident update " + incident.key() + "`.");
        }
        // Once per cadence period without an update (counted from a missed promise too): base + every, + 2 × every, …
        Instant base = promised != null && promised.isAfter(last) ? promised : last;
        if (every != null && !now.isBefore(base.plus(every))) {
            long periods = Duration.between(base, now).toMillis() / every.toMillis();
            remind(incident, channel, base.plus(every.multipliedBy(periods)), "⏰ No customer update for "
                    + Duration.between(last, now).toMinutes() + " min (" + incident.severity() + " cadence: every "
                    + every.toMinutes() + " min). Post one with `/incident update " + incident.key()
                    + "`: status, impact, workaround, next update.");
        }
    }

    private void remind(IncidentView incident, String channel, Instant due, String text) {
        slack.reply(incident.incidentId(), channel, text, "update-reminder:" + incident.incidentId() + ":" + due);
        log.debug("reminder.queued incident={} due={}", incident.key(), due);
    }
}
