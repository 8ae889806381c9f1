package io.tocsin.backup.triggers;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import io.tocsin.backup.verification.Verifications;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts verifications for every trigger, once across the cluster: registers one as RUNNING (refused while one runs)
 * and, in the same transaction, schedules its run as the db-scheduler one-time task {@value #RUN_TASK} (instance =
 * the verification's id), so a trigger answers at once and no RUNNING row is left without a run. Whichever instance
 * picks the task runs the restore and heartbeats; when it dies, another instance picks the run up and restores again
 * ({@link VerificationScheduling}).
 */
@Component
class VerificationLauncher {

    /** The one-time task that runs one verification; its instance id is the verification's id. */
    static final String RUN_TASK = Verifications.RUN_TASK;
    static final TaskDescriptor<Void> RUN = TaskDescriptor.of(RUN_TASK);

    private final Verifications verifications;
    private final TransactionTemplate tx;
    private final SchedulerClient scheduler;

    VerificationLauncher(Verifications verifications, TransactionTemplate tx, DataSource dataSource) {
        this.verifications = verifications;
        this.tx = tx;
        this.scheduler = SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource)).build();
    }

    /**
     * Begins a verification and schedules its run, in one transaction.
     *
     * @param trigger {@code schedule}, {@code api:<who>} or {@code kafka:<requestedBy>}
     * @return its id
     * @throws Verifications.AlreadyRunning while another runs for the database
     */
    UUID start(String trigger) {
        return tx.execute(status -> launch(verifications.begin(trigger)));
    }

    /** Schedules the run of a RUNNING verification; joins the caller's transaction (the one that began it). */
    UUID launch(UUID id) {
        scheduler.scheduleIfNotExists(RUN.instance(id.toString()).build(), Instant.now());
        return id;
    }
}
