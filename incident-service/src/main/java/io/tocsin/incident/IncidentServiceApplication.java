package io.tocsin.incident;

import io.tocsin.common.web.HealthProbes;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Import;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of incident-service (port 8082). */
@SpringBootApplication
@Import(HealthProbes.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class IncidentServiceApplication {

    /** Starts incident-service with {@code application.yml} of this module. */
    public static void main(String[] args) {
        SpringApplication.run(IncidentServiceApplication.class, args);
    }
}
