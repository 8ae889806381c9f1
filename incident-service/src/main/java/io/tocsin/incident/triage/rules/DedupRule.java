package io.tocsin.incident.triage.rules;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.triage.TriageBatch;
import io.tocsin.incident.triage.TriageOutcome;
import java.util.Optional;

/**
 * Alert identity is {@code fingerprint + startsAt} (design.md): a firing notification of a known episode, or a resolved
 * notification of an episode already resolved, is a repeat (Alertmanager re-sends every {@code repeat_interval}, Kafka
 * redelivers) and changes nothing, as Alertmanager's {@code DedupStage} drops what was already sent.
 */
public final class DedupRule implements TriageRule {

    @Override
    public Optional<TriageOutcome> admit(Alert alert, TriageBatch batch) {
        Optional<AlertRepository.StoredAlert> known = batch.known(alert);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        boolean repeat = alert.status() == Alert.Status.FIRING || !known.get().firing();
        return repeat ? Optional.of(TriageOutcome.DUPLICATE) : Optional.empty();
    }
}
