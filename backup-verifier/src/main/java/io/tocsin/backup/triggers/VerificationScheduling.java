package io.tocsin.backup.triggers;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.tocsin.backup.BackupSettings;
import io.tocsin.backup.verification.Verifications;
import io.tocsin.platform.jdbc.ProcessedMessages;
import io.tocsin.platform.jdbc.scheduling.ClusterScheduling;
import java.time.Duration;
import java.util.ArrayList;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * backup-verifier's cluster-wide schedule (db-scheduler over {@code backup.scheduled_tasks}):
 * <ul>
 *   <li>{@value #NIGHTLY_TASK}: {@code tocsin.backup.schedule} (cron in UTC, default 04:00 daily; seed 000 section 9:
 *   a restore test every night; {@code -} switches it off) starts one verification per tick across all instances,
 *   whatever their clocks say;</li>
 *   <li>{@value VerificationLauncher#RUN_TASK}: runs a begun verification on one instance, which heartbeats while it
 *   restores; when it dies, another instance revives the run and restores again. A run that throws (it never does for
 *   a failed backup) is not retried: its verification stays as the run left it; one abandoned because its instance is
 *   stopping ({@link Verifications.Abandoned}) is left for another instance to revive.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class VerificationScheduling {

    /** The recurring task of the nightly schedule. */
    static final String NIGHTLY_TASK = "backup-nightly-verification";
    private static final Logger log = LoggerFactory.getLogger(VerificationScheduling.class);

    @Bean
    ClusterScheduling backupScheduling(DataSource dataSource, BackupSettings settings, Verifications verifications,
                                       VerificationLauncher launcher, JdbcClient jdbc, TransactionTemplate tx,
                                       @Value("${tocsin.instance-id}") String instance,
                                       @Value("${tocsin.processed-messages.retention:8d}") Duration retention) {
        List<RecurringTask<?>> recurring = new ArrayList<>();
        recurring.add(new ProcessedMessages(jdbc, tx).purgeTask(retention));
        if (!"-".equals(settings.schedule())) {
            recurring.add(ClusterScheduling.cron(NIGHTLY_TASK, settings.schedule(), () -> nightly(launcher)));
        }
        return new ClusterScheduling(dataSource, instance, ClusterScheduling.Settings.defaults(), recurring,
                List.of(Tasks.oneTime(VerificationLauncher.RUN)
                        .onFailure((complete, operations) -> {
                            if (complete.getCause().filter(Verifications.Abandoned.class::isInstance).isPresent()) {
                                // This instance is stopping: the execution stays picked, its heartbeats stop, and
                                // another instance revives it.
                                log.info("backup.run_abandoned task={}", complete.getExecution().taskInstance.getTaskAndInstance());
                                return;
                            }
                            log.warn("backup.run_failed task={}", complete.getExecution().taskInstance.getTaskAndInstance(),
                                    complete.getCause().orElse(null));
                            operations.stop();
                        })
                        .execute((task, context) -> verifications.run(UUID.fromString(task.getId())))));
    }

    private static void nightly(VerificationLauncher launcher) {
        try {
            launcher.start("schedule");
        } catch (Verifications.AlreadyRunning e) {
            log.info("backup.schedule_skipped reason=\"{}\"", e.getMessage());
        }
    }
}
