package io.tocsin.incident.triage;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.incident.Incident;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Alerts triaged together in one transaction (a consumer batch): their stored state, looked up in one query by
 * {@link Triage#lookUp} and kept current as each is triaged, so a repeated notification costs no query and an alert
 * that appears twice in the batch is a repeat the second time. The open incidents it attached alerts to stay
 * row-locked until the transaction ends, so they are kept too, and a grouping key's next alert needs no lookup.
 */
public final class TriageBatch {

    private final Map<String, AlertRepository.StoredAlert> known = new HashMap<>();
    /** By grouping key: the incident this transaction last attached an alert to, row-locked by it. */
    private final Map<String, Incident> open = new HashMap<>();
    /** Fingerprints with a stored alert, from the lookup and from this batch: the others cannot be flapping. */
    private final Set<String> storedFingerprints = new HashSet<>();

    public TriageBatch() {
    }

    /** The stored state of an alert's identity, as of this point of the batch. */
    public Optional<AlertRepository.StoredAlert> known(Alert alert) {
        return Optional.ofNullable(known.get(alert.identity()));
    }

    public void remember(String identity, UUID incidentId, boolean firing) {
        known.put(identity, new AlertRepository.StoredAlert(incidentId, firing));
    }

    void rememberLookedUp(String identity, AlertRepository.StoredAlert stored) {
        known.putIfAbsent(identity, stored);
    }

    void storedFingerprints(Set<String> fingerprints) {
        storedFingerprints.addAll(fingerprints);
    }

    /** Records that the fingerprint is stored now; returns whether this is its first alert ever. */
    boolean firstOfFingerprint(String fingerprint) {
        return storedFingerprints.add(fingerprint);
    }

    /** The open incident of a grouping key this transaction holds, if it is still open. */
    Optional<Incident> open(String groupingKey) {
        return Optional.ofNullable(open.get(groupingKey)).filter(Incident::isOpen);
    }

    void holdOpen(String groupingKey, Incident incident) {
        open.put(groupingKey, incident);
    }
}
