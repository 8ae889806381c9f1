package io.tocsin.common.test;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One spring-kafka-test embedded KRaft broker per test JVM, shared by every test class so that Spring
 * contexts can be cached and reused across classes.
 */
public final class TestKafka {

    private static EmbeddedKafkaBroker broker;

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
}
