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
 * default without a statement more. A given name must be printable ASCII of at most 63 bytes (PostgreSQL truncates a
 * longer {@code application_name}, which could make two instances one owner): start-up fails otherwise.
 */
public class InstanceIdentity implements EnvironmentPostProcessor {

    static final String INSTANCE_ID = "tocsin.instance-id";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String given = environment.getProperty("TOCSIN_INSTANCE_ID");
        String id;
        if (given != null && !given.isBlank()) {
            id = given.strip();
            if (id.length() > 63 || !id.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalStateException("TOCSIN_INSTANCE_ID must be printable ASCII of at most 63 characters "
                        + "(PostgreSQL's application_name), got " + id.length() + " characters: '" + id + "'");
            }
        } else {
            String service = environment.getProperty("spring.application.name", "tocsin");
            id = service.substring(0, Math.min(service.length(), 40)) + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
        environment.getPropertySources().addLast(new MapPropertySource("tocsin-instance", Map.of(
                INSTANCE_ID, id,
                "spring.datasource.hikari.data-source-properties.ApplicationName", "${" + INSTANCE_ID + "}")));
    }
}
