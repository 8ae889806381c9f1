package io.tocsin.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.tocsin.backup.verification.Verifications;
import io.tocsin.common.test.TocsinInfrastructure;
import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.platform.jdbc.scheduling.ClusterScheduling;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * Verification runs with several instances of backup-verifier (issue 17): a starting instance leaves other
 * instances' live runs alone and fails only orphans; a run whose instance died is taken over and finished by another;
 * a scheduled tick runs once across instances.
 */
@SpringBootTest(properties = {
        "spring.config.name=backup-verifier",
        "tocsin.backup.schedule=-",
        "tocsin.api.tokens=ops:responder-token=RESPONDER"})
@ContextConfiguration(initializers = TocsinInfrastructure.class)
class VerificationOwnershipIT {

    @Autowired
    Verifications verifications;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void aStartingInstanceFailsOrphanedRunsAndLeavesAnotherInstancesLiveRunAlone() {
        UUID live = running("ownership-live");
        task(live, "other-instance", Instant.now());
        UUID orphan = running("ownership-orphan");

        verifications.failOrphaned();

        assertThat(status(live)).as("another instance's run, heartbeating").isEqualTo("RUNNING");
        assertThat(status(orphan)).as("no task will ever finish it").isEqualTo("FAILED");
        jdbc.sql("DELETE FROM scheduled_tasks WHERE task_instance = ?").param(live.toString()).update();
        jdbc.sql("DELETE FROM verification WHERE id IN (?, ?)").params(live, orphan).update();
    }

    @Test
    void aRunWhoseInstanceDiedIsTakenOverAndFinished() {
        UUID run = running(verifications.database());
        task(run, "dead-instance", Instant.now().minus(Duration.ofMinutes(5)));

        await().atMost(Duration.ofSeconds(90)).until(() -> !"RUNNING".equals(status(run)));
        Map<String, Object> row = jdbc.sql("SELECT finished_at, report::text AS report FROM verification WHERE id = ?")
                .param(run).query().singleRow();
        assertThat(row.get("finished_at")).isNotNull();
        assertThat(TocsinJson.mapper().readTree((String) row.get("report")).get("verificationId").asString())
                .isEqualTo(run.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM scheduled_tasks WHERE task_instance = ?").param(run.toString()).query(Long.class)
                .single() == 0);
    }

    @Test
    void eachTickOfARecurringTaskRunsOnceAcrossTwoInstances() throws Exception {
        Map<String, AtomicInteger> runsPerTick = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        String name = "it-tick-" + UUID.randomUUID();
        List<ClusterScheduling> instances = List.of(instance("it-a", name, runsPerTick, total),
                instance("it-b", name, runsPerTick, total));
        instances.forEach(ClusterScheduling::start);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> total.get() >= 4);
        } finally {
            instances.forEach(ClusterScheduling::close);
        }
        assertThat(runsPerTick.values()).as("runs per tick").allMatch(n -> n.get() == 1);
    }

    private ClusterScheduling instance(String instance, String task, Map<String, AtomicInteger> runsPerTick,
                                       AtomicInteger total) {
        // Counted per scheduled execution time: two runs of one tick, on either instance, land on one count.
        RecurringTask<Void> tick = Tasks.recurring(task, Schedules.cron("*/2 * * * * *", ZoneOffset.UTC))
                .execute((execution, context) -> {
                    runsPerTick.computeIfAbsent(context.getExecution().executionTime.toString(), k -> new AtomicInteger())
                            .incrementAndGet();
                    total.incrementAndGet();
                });
        return new ClusterScheduling(dataSource, instance, new ClusterScheduling.Settings(Duration.ofMillis(200),
                Duration.ofSeconds(5), 4, 2, Duration.ofSeconds(5)), List.of(tick), List.of());
    }

    private UUID running(String database) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO verification (id, database, status, trigger, started_at) VALUES (?, ?, 'RUNNING', 'it', now())")
                .params(id, database).update();
        return id;
    }

    /** The run's task as its instance left it: picked by {@code owner}, last heartbeat at {@code heartbeat}. */
    private void task(UUID id, String owner, Instant heartbeat) {
        jdbc.sql("""
                        INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by,
                                                     last_heartbeat, version)
                        VALUES ('backup-verification', ?, ?, true, ?, ?, 1)""")
                .params(id.toString(), Timestamp.from(heartbeat), owner, Timestamp.from(heartbeat)).update();
    }

    private String status(UUID id) {
        return jdbc.sql("SELECT status FROM verification WHERE id = ?").param(id).query(String.class).single();
    }
}
