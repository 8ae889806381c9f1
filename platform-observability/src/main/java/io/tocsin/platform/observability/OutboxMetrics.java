package io.tocsin.platform.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code tocsin_outbox_pending}: events in the service's Spring Modulith outbox ({@code event_publication})
 * not yet delivered to Kafka. It grows while the broker is unreachable and drains when it returns; alert rule
 * {@code TocsinOutboxBacklog}. Read on each scrape (one indexed count); {@code NaN} when the database cannot
 * be read. Services with an outbox {@code @Import} it.
 */
@Configuration(proxyBeanMethods = false)
public class OutboxMetrics {

    private static final Logger log = LoggerFactory.getLogger(OutboxMetrics.class);

    @Bean
    Gauge outboxPendingGauge(JdbcClient jdbc, MeterRegistry meters) {
        return Gauge.builder("tocsin.outbox.pending", jdbc, OutboxMetrics::pending)
                .description("Outbox events not yet delivered to Kafka")
                .register(meters);
    }

    private static double pending(JdbcClient jdbc) {
        try {
            return jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single();
        } catch (RuntimeException e) {
            log.debug("outbox.metrics_unavailable reason=\"{}\"", e.getMessage());
            return Double.NaN;
        }
    }
}
