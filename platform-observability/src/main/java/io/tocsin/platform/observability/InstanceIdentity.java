package io.tocsin.platform.observability;

import java.util.Map;
import java.util.UUID;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Names this instance of a service, {@code tocsin.instance-id} ({@code TOCSIN_INSTANCE_ID}; default
 * {@code <spring.application.name>-<8 random hex digits>}, new at every start), and gives every database connection
 * that name as its PostgreSQL {@code application_name}: {@code pg_stat_activity} shows which instance holds a
 * connection, and rows that record their writer (the outbox's {@code event_publication.owner}) get it from a column
 * default without a statement more. Keep a given name at most 63 bytes, PostgreSQL's limit.
 */
public class InstanceIdentity implements EnvironmentPostProcessor {

    static final String INSTANCE_ID = "tocsin.instance-id";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String given = environment.getProperty("TOCSIN_INSTANCE_ID");
        String id = given != null && !given.isBlank() ? given.strip()
                : "${spring.application.name:tocsin}-" + UUID.randomUUID().toString().substring(0, 8);
        environment.getPropertySources().addLast(new MapPropertySource("tocsin-instance", Map.of(
                INSTANCE_ID, id,
                "spring.datasource.hikari.data-source-properties.ApplicationName", "${" + INSTANCE_ID + "}")));
    }
}
