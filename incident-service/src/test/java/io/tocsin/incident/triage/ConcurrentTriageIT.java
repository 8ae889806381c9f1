package io.tocsin.incident.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.incident.IncidentServiceIT;
import io.tocsin.incident.incident.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Two writers of one grouping key at once — two instances whose partitions both carry alerts of one incident, or a
 * heartbeat and a batch — make one incident, and neither fails: the second waits for the first's grouping-key lock,
 * then attaches to the incident the first opened (issue 17). Without the lock both miss the open incident (a row lock
 * on zero rows locks nothing), both insert, and the partial unique index fails the second.
 */
class ConcurrentTriageIT extends IncidentServiceIT {

    @Autowired
    Triage triage;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aSecondWriterOfAGroupingKeyWaitsAndAttachesToTheIncidentTheFirstOpened() throws Exception {
        String group = uniqueGroup("ReplicationLag");
        Alert first = alert(group, "aa00000000000001");
        Alert second = alert(group, "aa00000000000002");
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);

        ExecutorService writers = Executors.newFixedThreadPool(2); // the common pool may have one thread on 2 cores
        CompletableFuture<TriageOutcome> firstWriter = CompletableFuture.supplyAsync(() -> tx.execute(status -> {
            TriageOutcome outcome = triage.triage(first, triage.lookUp(List.of(first)));
            opened.countDown();
            hold(commit);
            return outcome;
        }), writers);
        assertThat(opened.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<TriageOutcome> secondWriter = CompletableFuture.supplyAsync(() -> tx.execute(status ->
                triage.triage(second, triage.lookUp(List.of(second)))), writers);

        // With the fix the second writer waits for the key's lock; without it, it runs to its end or waits for the
        // first's uncommitted insert, and one of the two fails when the first commits.
        await().atMost(Duration.ofSeconds(10)).until(() -> secondWriter.isDone() || theSecondWriterWaitsForALock());
        commit.countDown();

        assertThat(Stream.of(firstWriter, secondWriter).map(ConcurrentTriageIT::outcome))
                .as("both writers succeed, one opening and one attaching")
                .containsExactly("OPENED", "ATTACHED");
        writers.shutdown();
        JsonNode incidents = incidentsOfGroup(group);
        assertThat(incidents).hasSize(1);
        JsonNode details = json(get("/api/v1/incidents/" + incidents.get(0).get("key").asString(), AUDITOR));
        assertThat(details.get("alerts")).hasSize(2);
    }

    /** The grouping key's lock with the fix; the unique index's wait for the first insert without it. */
    private boolean theSecondWriterWaitsForALock() {
        return jdbc.sql("SELECT count(*) FROM pg_locks WHERE NOT granted")
                .query(Long.class).single() > 0;
    }

    private static String outcome(CompletableFuture<TriageOutcome> writer) {
        try {
            return writer.get(30, TimeUnit.SECONDS).name();
        } catch (Exception e) {
            return "failed: " + e.getMessage();
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the first writer commit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Alert alert(String group, String fingerprint) {
        Instant at = Instant.now();
        return new Alert(UUID.randomUUID(), fingerprint, Alert.Status.FIRING,
                Map.of("alertname", "ReplicationLag", "service", "postgres", "severity", "warning"), Map.of(), at, null,
                "", group, "tocsin", "", "alertmanager", at, at);
    }
}
