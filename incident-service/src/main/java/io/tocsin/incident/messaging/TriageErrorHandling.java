package io.tocsin.incident.messaging;

import io.tocsin.common.json.MalformedMessageException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Retries and dead letters for the batch-mode {@code triageAlert} binding. The binder's own DLQ sends a whole failed
 * batch to the dead-letter topic; this handler (named by the binding's {@code common-error-handler-bean-name}) acts on
 * the record that {@link org.springframework.kafka.listener.BatchListenerFailedException} names: the records before it
 * are committed, it is retried with the binding's back-off (3 retries, 500 ms doubling to at most 5 s, as the other
 * bindings' {@code max-attempts: 4}), a {@link MalformedMessageException} not at all, and then it is published to the
 * binding's {@code dlq-name} ({@code alerts.v1.incident-service.dlq}, same key, value and headers, plus spring-kafka's
 * {@code kafka_dlt-*} headers naming the exception and the original topic, partition and offset), and the records
 * after it are delivered again.
 */
@Configuration(proxyBeanMethods = false)
class TriageErrorHandling {

    /** The dead-letter topic, created with {@code alerts.v1}'s partition count so a key keeps one partition. */
    @Bean
    NewTopic triageDeadLetterTopic(@Value("${spring.cloud.stream.kafka.bindings.triageAlert-in-0.consumer.dlq-name}") String dlq,
                                   @Value("${spring.cloud.stream.kafka.binder.min-partition-count:6}") int partitions) {
        return TopicBuilder.name(dlq).partitions(partitions).build();
    }

    @Bean
    CommonErrorHandler triageErrorHandler(
            @Value("${spring.cloud.stream.kafka.bindings.triageAlert-in-0.consumer.dlq-name}") String dlq,
            @Value("${spring.cloud.stream.kafka.binder.brokers}") String brokers,
            @Value("${spring.cloud.stream.bindings.triageAlert-in-0.consumer.max-attempts:4}") int maxAttempts,
            @Value("${spring.cloud.stream.bindings.triageAlert-in-0.consumer.back-off-initial-interval:500}") long initial,
            @Value("${spring.cloud.stream.bindings.triageAlert-in-0.consumer.back-off-max-interval:5000}") long max,
            @Value("${spring.cloud.stream.bindings.triageAlert-in-0.consumer.back-off-multiplier:2.0}") double multiplier) {
        var producers = new DefaultKafkaProducerFactory<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofSeconds(10).toMillis(),
                ProducerConfig.CLIENT_ID_CONFIG, "incident-service-triage-dlq",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        var recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(producers),
                (record, e) -> new TopicPartition(dlq, -1));
        var backOff = new ExponentialBackOffWithMaxRetries(Math.max(0, maxAttempts - 1));
        backOff.setInitialInterval(initial);
        backOff.setMaxInterval(max);
        backOff.setMultiplier(multiplier);
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedMessageException.class);
        return handler;
    }
}
