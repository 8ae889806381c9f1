package io.tocsin.notify.messaging;

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
 * The notifier's cluster-wide schedule (db-scheduler on {@code notifier.scheduled_tasks}, one instance per run): the
 * hourly purge of consumed message ids older than {@code tocsin.processed-messages.retention}
 * ({@link ProcessedMessages#purgeTask}; default 8 days, above Kafka's 7-day topic retention).
 */
@Configuration(proxyBeanMethods = false)
class NotifierScheduling {

    @Bean
    ClusterScheduling clusterScheduling(DataSource dataSource, JdbcClient jdbc, TransactionTemplate tx,
                                         @Value("${tocsin.instance-id}") String instance,
                                         @Value("${tocsin.processed-messages.retention:8d}") Duration retention) {
        return new ClusterScheduling(dataSource, instance, ClusterScheduling.Settings.defaults(),
                List.of(new ProcessedMessages(jdbc, tx).purgeTask(retention)), List.of());
    }
}
