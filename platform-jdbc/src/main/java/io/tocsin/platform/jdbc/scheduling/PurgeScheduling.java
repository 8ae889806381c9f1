package io.tocsin.platform.jdbc.scheduling;

import io.tocsin.platform.jdbc.ProcessedMessages;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cluster schedule of a service whose only cluster-wide task is the hourly purge of consumed message ids older
 * than {@code tocsin.processed-messages.retention} ({@link ProcessedMessages#purgeTask}; default 8 days, above Kafka's
 * 7-day topic retention), on db-scheduler's {@code scheduled_tasks} in the service's schema, one instance per run.
 * A service {@code @Import}s it (notifier, remediation-worker); one with tasks of its own builds its
 * {@link ClusterScheduling} with {@code purgeTask} among them instead.
 */
@Configuration(proxyBeanMethods = false)
public class PurgeScheduling {

    @Bean
    ClusterScheduling clusterScheduling(DataSource dataSource, JdbcClient jdbc, TransactionTemplate tx,
                                        @Value("${tocsin.instance-id}") String instance,
                                        @Value("${tocsin.processed-messages.retention:8d}") Duration retention) {
        return new ClusterScheduling(dataSource, instance, ClusterScheduling.Settings.defaults(),
                List.of(new ProcessedMessages(jdbc, tx).purgeTask(retention)), List.of());
    }
}
