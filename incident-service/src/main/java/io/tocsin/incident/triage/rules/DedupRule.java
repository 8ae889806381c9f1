package io.tocsin.incident.triage.rules;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.triage.TriageBatch;
import io.tocsin.incident.triage.TriageOutcome;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Alert identity is {@code fingerprint + startsAt} (design.md): a firing notification of a known episode, or a resolved
 * notification of an episode already resolved, is a repeat (Alertmanager re-sends every {@code repeat_interval}, Kafka
 * redelivers) and changes nothing, as Alertmanager's {@code DedupStage} drops what was already sent.
 *
 * <p>An alert of a source that names alerts by key alone ({@link Alert#keyedOnly()}: PagerDuty's {@code dedup_key})
 * has no episodes: a trigger while its fingerprint fires on an open incident is the same alert again, as PagerDuty
 * deduplicates it.
 */
public final class DedupRule implements TriageRule {

    private final Predicate<String> firesOnAnOpenIncident;

    /** @param firesOnAnOpenIncident whether a fingerprint fires on an open incident now */
    public DedupRule(Predicate<String> firesOnAnOpenIncident) {
        this.firesOnAnOpenIncident = firesOnAnOpenIncident;
    }

    @Override
    public Optional<TriageOutcome> admit(Alert alert, TriageBatch batch) {
        Optional<AlertRepository.StoredAlert> known = batch.known(alert);
        if (known.isEmpty()) {
            boolean retriggered = alert.keyedOnly() && alert.status() == Alert.Status.FIRING
                    && batch.everStored(alert.fingerprint()) && firesOnAnOpenIncident.test(alert.fingerprint());
            return retriggered ? Optional.of(TriageOutcome.DUPLICATE) : Optional.empty();
        }
        boolean repeat = alert.status() == Alert.Status.FIRING || !known.get().firing();
        return repeat ? Optional.of(TriageOutcome.DUPLICATE) : Optional.empty();
    }
}
