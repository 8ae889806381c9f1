package io.tocsin.incident.schedule;

import io.tocsin.incident.audit.ReadAccesses;
import io.tocsin.platform.jdbc.ProcessedMessages;
import io.tocsin.platform.jdbc.scheduling.ClusterScheduling;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * incident-service's cluster-wide schedule: the due-work scan ({@link DueWorkScheduler}) as db-scheduler task
 * {@code incident-due-work}, run by one instance at a time every {@code tocsin.incident.escalation-scan-interval}; and
 * the hourly purge of consumed message ids older than {@code tocsin.processed-messages.retention}
 * ({@link ProcessedMessages#purgeTask}); and the hourly purge of recorded reads older than
 * {@code tocsin.audit.read-retention} ({@link ReadAccesses#purgeTask}).
 */
@Configuration(proxyBeanMethods = false)
class DueWorkScheduling {

    /** The recurring task's name in {@code incident.scheduled_tasks}. */
    static final String DUE_WORK = "incident-due-work";

    @Bean
    ClusterScheduling clusterScheduling(DataSource dataSource, DueWorkScheduler dueWork, ScheduleSettings settings,
                                        JdbcClient jdbc, TransactionTemplate tx,
                                        @Value("${tocsin.instance-id}") String instance,
                                        @Value("${tocsin.processed-messages.retention:8d}") Duration retention,
                                        ReadAccesses reads,
                                        @Value("${tocsin.audit.read-retention:400d}") Duration readRetention) {
        return new ClusterScheduling(dataSource, instance, settings.scheduling().toSettings(),
                List.of(ClusterScheduling.every(DUE_WORK, settings.escalationScanInterval(), dueWork::scan),
                        new ProcessedMessages(jdbc, tx).purgeTask(retention), reads.purgeTask(readRetention)), List.of());
    }
}
