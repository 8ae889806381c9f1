package io.tocsin.platform.jdbc.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Work that runs on one instance of a service at a time, however many run: db-scheduler (github.com/kagkarlsson/
 * db-scheduler) over the service's {@code scheduled_tasks} table. A recurring task has one execution row; the instance
 * that picks it runs it and heartbeats while it runs, and when that instance dies (no heartbeat for
 * {@code missedHeartbeats × heartbeat}) another picks the execution up again. One-time tasks (a backup verification
 * someone asked for) work the same way. Scheduling a task inside a Spring transaction commits or rolls back with it
 * (the data source is wrapped in a {@link TransactionAwareDataSourceProxy}).
 *
 * <p>Each service creates one bean of this type with its tasks and a Flyway migration for the table (db-scheduler's
 * PostgreSQL DDL). As a {@link SmartLifecycle} it starts polling once the context is up and pauses when the context
 * stops (a paused test context resumes it); {@link #close} shuts it down, waiting for running executions up to
 * {@code shutdownMaxWait}, before the data source closes.
 */
public final class ClusterScheduling implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterScheduling.class);
    private final Scheduler scheduler;
    private final String instance;
    private volatile boolean running;
    private boolean started;

    /**
     * @param dataSource      the service's data source; its schema (search path) holds {@code scheduled_tasks}
     * @param instance        this instance's name ({@code tocsin.instance-id}), shown in {@code scheduled_tasks.picked_by}
     * @param settings        polling, heartbeat and thread settings
     * @param recurring       tasks scheduled at start-up, each with one execution cluster-wide
     * @param oneTime         tasks that are scheduled by the service through {@link #client()}
     */
    public ClusterScheduling(DataSource dataSource, String instance, Settings settings, List<RecurringTask<?>> recurring,
                             List<? extends Task<?>> oneTime) {
        this.instance = instance;
        List<Task<?>> known = new ArrayList<>(oneTime);
        this.scheduler = Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), known)
                .startTasks(recurring)
                .schedulerName(new SchedulerName.Fixed(instance))
                .pollingInterval(settings.polling())
                .heartbeatInterval(settings.heartbeat())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .threads(settings.threads())
                .shutdownMaxWait(settings.shutdownMaxWait())
                .enableImmediateExecution()
                .build();
    }

    /** A task every {@code delay} after the previous run ended, once across the cluster. */
    public static RecurringTask<Void> every(String name, Duration delay, Runnable work) {
        return recurring(name, Schedules.fixedDelay(delay), work);
    }

    /** A task at each time of a Spring-style cron expression (seconds first), in UTC, once across the cluster. */
    public static RecurringTask<Void> cron(String name, String expression, Runnable work) {
        return recurring(name, Schedules.cron(expression, ZoneOffset.UTC), work);
    }

    private static RecurringTask<Void> recurring(String name, Schedule schedule, Runnable work) {
        return Tasks.recurring(name, schedule).execute((instance, context) -> work.run());
    }

    /** Schedules and reads executions: {@code client().scheduleIfNotExists(task.instance(id), Instant.now())}. */
    public SchedulerClient client() {
        return scheduler;
    }

    /** Starts polling, or resumes it after {@link #stop}. */
    @Override
    public synchronized void start() {
        if (started) {
            scheduler.resume();
        } else {
            scheduler.start();
            started = true;
            log.info("scheduling.started instance={}", instance);
        }
        running = true;
    }

    /** Pauses polling: no new executions start here; running ones finish and keep their heartbeats. */
    @Override
    public synchronized void stop() {
        if (running) {
            scheduler.pause();
        }
        running = false;
    }

    /** Shuts the scheduler down for good, waiting up to {@code shutdownMaxWait} for running executions. */
    @Override
    public synchronized void close() {
        running = false;
        if (started) {
            scheduler.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Who holds an execution, in {@code scheduled_tasks.picked_by}. */
    public String instance() {
        return instance;
    }

    /**
     * How the scheduler polls and proves it is alive.
     *
     * @param polling          how often each instance looks for due executions (also the latest a due task starts)
     * @param heartbeat        how often a running execution's owner writes {@code last_heartbeat}
     * @param missedHeartbeats after this many missed heartbeats another instance takes the execution over
     * @param threads          executions one instance runs at once
     * @param shutdownMaxWait  how long a stopping instance waits for its running executions
     */
    public record Settings(Duration polling, Duration heartbeat, int missedHeartbeats, int threads,
                           Duration shutdownMaxWait) {

        /** 1 s polling, 5 s heartbeats, takeover after 4 missed (20 s), 2 threads, 10 s shutdown wait. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(5), 4, 2, Duration.ofSeconds(10));
        }
    }
}
