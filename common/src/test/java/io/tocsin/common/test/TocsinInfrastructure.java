package io.tocsin.common.test;

import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at the shared test PostgreSQL and Kafka:
 * {@code @SpringBootTest @ContextConfiguration(initializers = TocsinInfrastructure.class)}. The
 * properties are identical for every context, so Spring's context cache can share contexts.
 */
public class TocsinInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> props = new HashMap<>();
        String kafka = TestKafka.bootstrapServers();
        props.put("spring.kafka.bootstrap-servers", kafka);
        props.put("spring.cloud.stream.kafka.binder.brokers", kafka);
        TestPostgres.Database db = TestPostgres.database();
        props.put("spring.datasource.url", db.url());
        props.put("spring.datasource.username", db.username());
        props.put("spring.datasource.password", db.password());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("tocsin-test-infrastructure", props));
    }
}
