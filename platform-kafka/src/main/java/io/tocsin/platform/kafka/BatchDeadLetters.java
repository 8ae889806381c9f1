package io.tocsin.platform.kafka;

import io.tocsin.contracts.json.MalformedMessageException;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Retries and dead letters for a batch-mode binding consumed with {@link BatchConsumption}. The binder's own DLQ
 * would send a whole failed batch to the dead-letter topic; the handler built here (named by the binding's
 * {@code spring.cloud.stream.kafka.bindings.<binding>.consumer.common-error-handler-bean-name}, with the binder's
 * {@code enable-dlq: false}) acts on the record that a
 * {@link org.springframework.kafka.listener.BatchListenerFailedException} names: the records before it are committed,
 * it is retried with the binding's back-off ({@code max-attempts}, {@code back-off-initial-interval},
 * {@code back-off-multiplier}, {@code back-off-max-interval}), a {@link MalformedMessageException} not at all, then
 * published to the binding's {@code dlq-name} (same key, value and headers, plus spring-kafka's {@code kafka_dlt-*}
 * headers naming the exception and the original topic, partition and offset), and the records after it are
 * delivered again.
 */
public final class BatchDeadLetters {

    private BatchDeadLetters() {
    }

    /**
     * The error handler of a binding.
     *
     * @param binding e.g. {@code triageAlert-in-0}; its {@code dlq-name} must be set
     * @throws IllegalStateException when the binding has no {@code dlq-name}
     */
    public static CommonErrorHandler errorHandler(Environment env, String binding) {
        String consumer = "spring.cloud.stream.bindings." + binding + ".consumer.";
        var producers = new DefaultKafkaProducerFactory<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.getRequiredProperty("spring.cloud.stream.kafka.binder.brokers"),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.CLIENT_ID_CONFIG, binding + "-dlq",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        String dlq = dlqName(env, binding);
        var recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(producers),
                (record, e) -> new TopicPartition(dlq, -1));
        var backOff = new ExponentialBackOffWithMaxRetries(
                Math.max(0, env.getProperty(consumer + "max-attempts", Integer.class, 3) - 1));
        backOff.setInitialInterval(env.getProperty(consumer + "back-off-initial-interval", Long.class, 1000L));
        backOff.setMaxInterval(env.getProperty(consumer + "back-off-max-interval", Long.class, 10_000L));
        backOff.setMultiplier(env.getProperty(consumer + "back-off-multiplier", Double.class, 2.0));
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedMessageException.class);
        return handler;
    }

    /**
     * The binding's dead-letter topic, for Spring Boot's {@code KafkaAdmin} to create (the binder creates it only when
     * its own DLQ is on), with the binder's {@code min-partition-count} partitions so that a key keeps one partition.
     */
    public static NewTopic topic(Environment env, String binding) {
        return TopicBuilder.name(dlqName(env, binding))
                .partitions(env.getProperty("spring.cloud.stream.kafka.binder.min-partition-count", Integer.class, 1))
                .replicas(env.getProperty("spring.cloud.stream.kafka.binder.replication-factor", Short.class, (short) 1))
                .build();
    }

    private static String dlqName(Environment env, String binding) {
        String dlq = env.getProperty("spring.cloud.stream.kafka.bindings." + binding + ".consumer.dlq-name");
        if (dlq == null || dlq.isBlank()) {
            throw new IllegalStateException("binding " + binding + " has no spring.cloud.stream.kafka.bindings."
                    + binding + ".consumer.dlq-name");
        }
        return dlq;
    }
}
