package io.tocsin.incident.messaging;

import io.tocsin.common.messages.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;

/**
 * The producer the outbox ({@link IncidentEventPublisher}) sends {@code incidents.events.v1} with: idempotent,
 * {@code acks=all}, its delivery bounded by {@code tocsin.incident.outbox-send-timeout} (15 s; metadata and request
 * waits by two thirds of it) so that a send to a broker that is gone fails and its publication is resubmitted later.
 * A plain {@link KafkaTemplate} rather than the binder's {@code StreamBridge}: in a profile of the triage benchmark,
 * StreamBridge's Spring Integration channel and function observation took about 40 % of the outbox threads' time
 * around a send that itself took 15 % (the reasoning of ADR 0002 for ingest).
 */
@Configuration(proxyBeanMethods = false)
class OutboxProducerConfiguration {

    @Bean
    KafkaTemplate<String, byte[]> outboxKafkaTemplate(KafkaProperties kafka,
            @Value("${tocsin.incident.outbox-send-timeout:15s}") Duration sendTimeout) {
        int deliveryMs = (int) Math.max(1500, sendTimeout.toMillis());
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryMs * 2 / 3);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, deliveryMs * 2 / 3);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMs);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "incident-service-outbox");
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        // The default LoggingProducerListener logs the record (alert labels and annotations) on failure; the
        // publisher reports failures itself.
        template.setProducerListener(new ProducerListener<>() {
        });
        // Each send is a span of the alert's trace, and the record carries its W3C traceparent header.
        template.setObservationEnabled(true);
        return template;
    }

    /** {@code incidents.events.v1}, created with the binder's partition count (the binder no longer produces to it). */
    @Bean
    NewTopic incidentEventsTopic(@Value("${spring.cloud.stream.kafka.binder.min-partition-count:6}") int partitions) {
        return TopicBuilder.name(Topics.INCIDENT_EVENTS).partitions(partitions).build();
    }
}
