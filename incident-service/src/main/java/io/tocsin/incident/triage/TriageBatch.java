package io.tocsin.incident.triage;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.incident.Incident;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
    /**
     * The grouping keys this transaction locked and looked up: it is their only writer, so a key with no incident in
     * {@link #open} has none open, and needs no lookup.
     */
    private final Set<String> lookedUp = new HashSet<>();
    /** By grouping key without an open incident at the lookup: its most recently opened incident, if any. */
    private final Map<String, Incident> latest = new HashMap<>();
    /** Fingerprints with a stored alert, from the lookup and from this batch: the others cannot be flapping. */
    private final Set<String> storedFingerprints = new HashSet<>();
    /**
     * Grouping keys the lookup found no open incident for, with a firing alert in the batch that is neither a stored
     * repeat nor one a rule ends at arrival: the incidents the batch will likely open, numbered ahead (ADR 0017).
     */
    private final Set<String> likelyToOpen = new LinkedHashSet<>();

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
    public boolean firstOfFingerprint(String fingerprint) {
        return storedFingerprints.add(fingerprint);
    }

    /** The open incident of a grouping key this transaction holds, if it is still open. */
    Optional<Incident> open(String groupingKey) {
        return Optional.ofNullable(open.get(groupingKey)).filter(Incident::isOpen);
    }

    /** Whether this transaction looked the key up: then {@link #open} is the whole truth about it. */
    boolean lookedUp(String groupingKey) {
        return lookedUp.contains(groupingKey);
    }

    /**
     * The key's most recently opened incident, when it was looked up without an open one; an incident this batch
     * opened for it since is in {@link #open} and comes first.
     */
    Optional<Incident> latest(String groupingKey) {
        return Optional.ofNullable(open.get(groupingKey)).or(() -> Optional.ofNullable(latest.get(groupingKey)));
    }

    /** The stored state of the locked keys: their open incidents (row-locked) and, for the others, their latest. */
    void lookedUp(Collection<String> keys, Map<String, Incident> openByKey, Map<String, Incident> latestByKey) {
        lookedUp.addAll(keys);
        open.putAll(openByKey);
        latest.putAll(latestByKey);
    }

    /** Whether any alert of this fingerprint is stored (before this batch, or earlier in it). */
    public boolean everStored(String fingerprint) {
        return storedFingerprints.contains(fingerprint);
    }

    void holdOpen(String groupingKey, Incident incident) {
        open.put(groupingKey, incident);
    }

    void likelyToOpen(String groupingKey) {
        likelyToOpen.add(groupingKey);
    }

    /** {@code groupingKey} opens an incident now: how many more keys of the batch are likely to open one after it. */
    int opensAndCountsAhead(String groupingKey) {
        likelyToOpen.remove(groupingKey);
        return likelyToOpen.size();
    }
}
