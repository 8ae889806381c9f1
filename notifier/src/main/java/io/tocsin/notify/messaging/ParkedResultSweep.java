package io.tocsin.notify.messaging;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posts parked remediation results ({@link ParkedRemediationResults}) whose incident the notifier now knows, in the
 * incident's thread: every {@code tocsin.notifier.parked-sweep-interval} (default 2 s), one transaction per incident.
 * The sweep is the only way out of the table, so the per-event path pays nothing for this rare case; it also covers
 * the race where the result was parked while the incident's first event was being applied in another transaction.
 * Releasing deletes the rows, so a result is posted once even with several notifier instances sweeping.
 */
@Component
class ParkedResultSweep {

    private static final Logger log = LoggerFactory.getLogger(ParkedResultSweep.class);

    private final ParkedRemediationResults parked;
    private final Notifications notifications;
    private final TransactionTemplate tx;

    ParkedResultSweep(ParkedRemediationResults parked, Notifications notifications, TransactionTemplate tx) {
        this.parked = parked;
        this.notifications = notifications;
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${tocsin.notifier.parked-sweep-interval:2s}")
    void postResultsOfKnownIncidents() {
        for (UUID incident : parked.incidentsNowKnown()) {
            try {
                tx.executeWithoutResult(status -> parked.release(incident).forEach(notifications::onRemediationResult));
            } catch (RuntimeException e) {
                log.warn("remediation.parked_release_failed incident={} reason=\"{}\"", incident, e.getMessage());
            }
        }
    }
}
