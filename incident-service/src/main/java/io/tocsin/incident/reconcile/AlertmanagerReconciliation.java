package io.tocsin.incident.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.incident.IncidentRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reconciliation with Alertmanager (issue 14): every {@link ReconcileSettings#interval()} each open incident whose
 * alerts came from an Alertmanager asks that Alertmanager ({@code externalURL} of its webhook) which of them it still
 * holds, and {@link MissingAlerts} resolves those missing for longer than the grace period. Alertmanager loses
 * alerts without a resolved notification when it restarts without persistence (alertmanager#2370); without this, their
 * incidents would escalate forever.
 *
 * <p>Owner: incidents are claimed by a conditional update under {@code FOR UPDATE SKIP LOCKED}
 * ({@link IncidentRepository#claimForReconciliation}), so several instances check different incidents and each incident
 * once per interval; the resolution itself is re-checked under the incident's row lock. An Alertmanager that does not
 * answer changes nothing: {@code tocsin_reconcile_requests_total{outcome="unreachable"}} counts it and a log line
 * names it.
 */
@Component
public class AlertmanagerReconciliation {

    private static final Logger log = LoggerFactory.getLogger(AlertmanagerReconciliation.class);
    private static final int CLAIM = 100;

    private final MissingAlerts missing;
    private final IncidentRepository store;
    private final AlertRepository alerts;
    private final ReconcileSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AlertmanagerClient client;

    AlertmanagerReconciliation(MissingAlerts missing, IncidentRepository store, AlertRepository alerts,
                               ReconcileSettings settings, Clock clock, MeterRegistry meters) {
        this.missing = missing;
        this.store = store;
        this.alerts = alerts;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.client = new AlertmanagerClient(settings.timeout());
        for (String outcome : List.of("answered", "unreachable")) {
            meters.counter("tocsin.reconcile.requests", "outcome", outcome);
        }
    }

    @Scheduled(fixedDelayString = "${tocsin.incident.reconcile.interval:30s}")
    void scheduled() {
        if (settings.enabled()) {
            reconcileDue(clock.instant());
        }
    }

    /**
     * Checks every open Alertmanager incident due at {@code now}.
     *
     * @return how many alerts were resolved
     */
    public int reconcileDue(Instant now) {
        int resolved = 0;
        // An Alertmanager that did not answer is not asked again in this pass: one timeout, not one per incident.
        Set<String> unreachable = new HashSet<>();
        List<IncidentRepository.ReconcileClaim> claimed;
        do {
            claimed = store.claimForReconciliation(now, now.plus(settings.interval()), CLAIM);
            for (IncidentRepository.ReconcileClaim claim : claimed) {
                try {
                    resolved += reconcile(claim, now, unreachable);
                } catch (RuntimeException e) {
                    log.warn("reconcile.failed incident={} reason=\"{}\"", claim.id(), e.getMessage());
                }
            }
        } while (claimed.size() == CLAIM);
        return resolved;
    }

    private int reconcile(IncidentRepository.ReconcileClaim claim, Instant now, Set<String> unreachable) {
        List<AlertRepository.FiringAlert> firing = alerts.firingAlerts(claim.id());
        // Each alert is asked of the Alertmanager that sent it: one incident may hold alerts of several.
        Map<String, List<AlertRepository.FiringAlert>> bySource = new java.util.LinkedHashMap<>();
        firing.stream().filter(a -> !a.externalUrl().isBlank())
                .forEach(a -> bySource.computeIfAbsent(a.externalUrl(), u -> new java.util.ArrayList<>()).add(a));
        Map<String, Map<String, Instant>> earliestBySource = new HashMap<>();
        for (Map.Entry<String, List<AlertRepository.FiringAlert>> source : bySource.entrySet()) {
            String url = source.getKey();
            if (unreachable.contains(url)) {
                meters.counter("tocsin.reconcile.requests", "outcome", "unreachable").increment();
                continue;
            }
            try {
                Map<String, Instant> earliest = new HashMap<>();
                client.alerts(url, commonLabels(source.getValue()), now)
                        .forEach(a -> earliest.merge(a.fingerprint(), a.startsAt(), (x, y) -> x.isBefore(y) ? x : y));
                earliestBySource.put(url, earliest);
                meters.counter("tocsin.reconcile.requests", "outcome", "answered").increment();
            } catch (AlertmanagerClient.Unreachable e) {
                meters.counter("tocsin.reconcile.requests", "outcome", "unreachable").increment();
                unreachable.add(url);
                log.warn("reconcile.unreachable incident={} alertmanager={} reason=\"{}\"; nothing changed", claim.id(),
                        url, e.getMessage());
            }
        }
        if (earliestBySource.isEmpty()) {
            return 0;
        }
        // Alertmanager keeps the earliest startsAt of the episodes it merged: an alert it holds from then on covers ours.
        return missing.apply(claim.id(), alert -> {
            Map<String, Instant> earliest = earliestBySource.get(alert.externalUrl());
            if (earliest == null) {
                return null; // its Alertmanager did not answer, or it has none
            }
            Instant since = earliest.get(alert.fingerprint());
            return since != null && !since.isAfter(alert.startsAt().plusMillis(1));
        }, settings.grace(), now);
    }

    /** The labels every firing alert of the incident shares (alertname, service …): the filter of the request. */
    static Map<String, String> commonLabels(List<AlertRepository.FiringAlert> firing) {
        Map<String, String> common = new HashMap<>(firing.getFirst().labels());
        for (AlertRepository.FiringAlert alert : firing) {
            common.entrySet().removeIf(e -> !Objects.equals(alert.labels().get(e.getKey()), e.getValue()));
        }
        return common;
    }
}
