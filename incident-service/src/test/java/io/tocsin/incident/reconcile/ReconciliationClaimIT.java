package io.tocsin.incident.reconcile;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.incident.incident.IncidentRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reconciliation on several instances (style.md 21): two claimers racing for the same due incidents, as two
 * instances of incident-service do, each get different incidents, and together all of them, once per interval.
 */
class ReconciliationClaimIT extends IncidentServiceIT {

    @Autowired
    IncidentRepository store;

    @Test
    void twoInstancesClaimDisjointIncidentsAndTogetherAllOfThem() {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String group = uniqueGroup("ClaimRace");
            groups.add(group);
            AlertReceived alert = firing(group, Long.toHexString(UUID.randomUUID().getMostSignificantBits()), now(),
                    Map.of("alertname", "ClaimRace", "severity", "warning"), Map.of());
            send(Topics.ALERTS, alert);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> groups.stream().allMatch(g -> incidentsOfGroup(g).size() == 1));
        Set<UUID> ours = new HashSet<>();
        groups.forEach(g -> ours.add(UUID.fromString(incidentsOfGroup(g).get(0).get("id").asString())));

        Instant later = Instant.now().plus(Duration.ofHours(1)); // every open incident is due then
        List<CompletableFuture<List<IncidentRepository.ReconcileClaim>>> instances = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            instances.add(CompletableFuture.supplyAsync(() -> {
                List<IncidentRepository.ReconcileClaim> claimed = new ArrayList<>();
                List<IncidentRepository.ReconcileClaim> batch;
                do {
                    batch = store.claimForReconciliation(later, later.plusSeconds(30), 3);
                    claimed.addAll(batch);
                } while (!batch.isEmpty());
                return claimed;
            }));
        }
        Set<UUID> first = ids(instances.get(0).join());
        Set<UUID> second = ids(instances.get(1).join());

        assertThat(java.util.Collections.disjoint(first, second)).as("%s and %s share an incident", first, second).isTrue();
        Set<UUID> both = new HashSet<>(first);
        both.addAll(second);
        assertThat(both).containsAll(ours);
        assertThat(store.claimForReconciliation(later, later.plusSeconds(30), 100)).as("each once per interval").isEmpty();
    }

    private static Set<UUID> ids(List<IncidentRepository.ReconcileClaim> claims) {
        Set<UUID> ids = new HashSet<>();
        claims.forEach(c -> assertThat(ids.add(c.id())).as("claimed twice by one instance").isTrue());
        return ids;
    }
}
