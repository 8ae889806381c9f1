package io.tocsin.notify.reminders;

import io.tocsin.notify.delivery.FinishedDeliveries;
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
 * The notifier's cluster-wide tasks on db-scheduler ({@code notifier.scheduled_tasks}), each run by one instance:
 * {@code status-update-reminders} every {@link UpdateCadence#scan()}, the hourly purge of consumed message ids, and the
 * hourly purge of the send queues' rows finished long ago ({@link FinishedDeliveries}).
 */
@Configuration(proxyBeanMethods = false)
class NotifierScheduling {

    @Bean
    ClusterScheduling clusterScheduling(DataSource dataSource, JdbcClient jdbc, TransactionTemplate tx, UpdateReminders reminders,
                                        UpdateCadence cadence, @Value("${tocsin.instance-id}") String instance,
                                        @Value("${tocsin.processed-messages.retention:8d}") Duration retention,
                                        @Value("${tocsin.notifier.queue-retention:8d}") Duration queueRetention) {
        return new ClusterScheduling(dataSource, instance, ClusterScheduling.Settings.defaults(),
                List.of(ClusterScheduling.every("status-update-reminders", cadence.scan(), reminders::scan),
                        new ProcessedMessages(jdbc, tx).purgeTask(retention),
                        new FinishedDeliveries(jdbc).purgeTask(queueRetention)), List.of());
    }
}
