package io.tocsin.common.test;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at the shared embedded Kafka broker only (for services without a
 * database): {@code @ContextConfiguration(initializers = KafkaInfrastructure.class)}.
 */
public class KafkaInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String kafka = TestKafka.bootstrapServers();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("tocsin-test-kafka", Map.of(
                "spring.kafka.bootstrap-servers", kafka,
                "spring.cloud.stream.kafka.binder.brokers", kafka)));
    }
}
