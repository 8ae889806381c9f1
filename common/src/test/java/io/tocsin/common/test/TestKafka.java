package io.tocsin.common.test;

import io.tocsin.contracts.json.MessageCodec;
import io.tocsin.platform.kafka.CloudEventHeaders;
import io.tocsin.contracts.messages.TocsinMessage;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One spring-kafka-test embedded KRaft broker per test JVM, shared by every test class so that Spring
 * contexts can be cached and reused across classes.
 */
public final class TestKafka {

    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    private TestKafka() {
    }

    /** The shared broker, started on first use and stopped at JVM exit. */
    public static synchronized EmbeddedKafkaBroker broker() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker kraft = new EmbeddedKafkaKraftBroker(1, 3);
            kraft.brokerProperty("auto.create.topics.enable", "true");
            kraft.brokerProperty("group.initial.rebalance.delay.ms", "0");
            kraft.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(kraft::destroy));
            broker = kraft;
        }
        return broker;
    }

    /** {@code host:port} list of the shared broker. */
    public static String bootstrapServers() {
        return broker().getBrokersAsString();
    }

    /**
     * Sends a message as Tocsin's producers do (key {@link TocsinMessage#partitionKey()}, JSON value,
     * CloudEvents headers) and waits for the broker's acknowledgement.
     */
    public static void send(String topic, TocsinMessage message) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, message.partitionKey(), new MessageCodec().write(message));
        CloudEventHeaders.addTo(record.headers(), message, "/tocsin/test");
        send(record);
    }

    /** Sends raw bytes (e.g. a poison message) and waits for the acknowledgement. */
    public static void send(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not send to " + record.topic(), e);
        }
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
