package io.tocsin.ingest.publish;

import io.tocsin.ingest.IngestSettings;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * The producer behind {@link AlertPublisher}: idempotent, {@code acks=all}, and with every blocking
 * and delivery timeout bounded by {@code tocsin.ingest.publish-timeout} so a request never waits
 * longer than that for a broker that is gone.
 */
@Configuration(proxyBeanMethods = false)
class KafkaProducerConfiguration {

    @Bean
    ProducerFactory<String, byte[]> alertProducerFactory(KafkaProperties kafka, IngestSettings settings) {
        Map<String, Object> config = kafka.buildProducerProperties();
        int timeoutMs = (int) Math.max(1000, settings.publishTimeout().toMillis());
        int lingerMs = 5;
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs + lingerMs);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new DefaultKafkaProducerFactory<>(config);
    }

    @Bean
    KafkaTemplate<String, byte[]> alertKafkaTemplate(ProducerFactory<String, byte[]> alertProducerFactory) {
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(alertProducerFactory);
        // The default LoggingProducerListener logs the record's payload on failure: alert bodies must not
        // reach the logs. Failures are reported by AlertPublisher and the web layer instead.
        template.setProducerListener(new ProducerListener<>() {
        });
        // No observation per record: AlertPublisher sends a request's records in one producer span and puts its
        // traceparent on each record itself.
        return template;
    }

    /**
     * {@code alerts.v1} and {@code changes.v1}, created when missing: {@code TOCSIN_KAFKA_PARTITIONS} partitions (12; how many incident-service
     * instances can share triage) and {@code TOCSIN_KAFKA_REPLICATION_FACTOR} replicas (1; 3 on a cluster).
     */
    @Bean
    KafkaAdmin.NewTopics alertTopics(@Value("${TOCSIN_KAFKA_PARTITIONS:12}") int partitions,
                                     @Value("${TOCSIN_KAFKA_REPLICATION_FACTOR:1}") short replicas) {
        return new KafkaAdmin.NewTopics(
                org.springframework.kafka.config.TopicBuilder.name(io.tocsin.contracts.messages.Topics.ALERTS)
                        .partitions(partitions).replicas(replicas).build(),
                org.springframework.kafka.config.TopicBuilder.name(io.tocsin.contracts.messages.Topics.CHANGES)
                        .partitions(partitions).replicas(replicas).build());
    }

    @Bean
    KafkaAdmin kafkaAdmin(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildAdminProperties();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        KafkaAdmin admin = new KafkaAdmin(config);
        // Start even when the broker is down: the receiver answers 503 until it is back.
        admin.setFatalIfBrokerNotAvailable(false);
        return admin;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
