package io.tocsin.incident;

import io.tocsin.platform.observability.DeadLetterMetrics;
import io.tocsin.platform.observability.OutboxMetrics;
import io.tocsin.platform.observability.TraceContextPropagation;
import io.tocsin.platform.web.HealthProbes;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of incident-service (port 8082). */
@SpringBootApplication
@Import({HealthProbes.class, OutboxMetrics.class, DeadLetterMetrics.class,
        TraceContextPropagation.class})
@ConfigurationPropertiesScan
@EnableScheduling
public class IncidentServiceApplication {

    /**
     * The name of this service's configuration file, {@code incident-service.yml}: each service has its
     * own so that standalone can run them side by side in one JVM.
     */
    public static final String CONFIG_NAME = "incident-service";

    /** Starts incident-service with {@code incident-service.yml}. */
    public static void main(String[] args) {
        new SpringApplicationBuilder(IncidentServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
