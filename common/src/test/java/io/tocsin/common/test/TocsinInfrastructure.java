package io.tocsin.common.test;

import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at the shared test PostgreSQL and Kafka ({@link KafkaInfrastructure}):
 * {@code @SpringBootTest @ContextConfiguration(initializers = TocsinInfrastructure.class)}. The
 * properties are identical for every context, so Spring's context cache can share contexts.
 */
public class TocsinInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        new KafkaInfrastructure().initialize(context);
        Map<String, Object> props = new HashMap<>();
        TestPostgres.Database db = TestPostgres.database();
        props.put("spring.datasource.url", db.url());
        props.put("spring.datasource.username", db.username());
        props.put("spring.datasource.password", db.password());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("tocsin-test-postgres", props));
    }
}
