package io.tocsin.remediation;

import io.tocsin.platform.jdbc.scheduling.PurgeScheduling;
import io.tocsin.platform.observability.DeadLetterMetrics;
import io.tocsin.platform.observability.OutboxMetrics;
import io.tocsin.platform.observability.TraceContextPropagation;
import io.tocsin.platform.web.HealthProbes;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of remediation-worker (port 8083). */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import({HealthProbes.class, OutboxMetrics.class, DeadLetterMetrics.class, PurgeScheduling.class,
        TraceContextPropagation.class})
public class RemediationApplication {

    /** The name of this service's configuration file, {@code remediation-worker.yml}. */
    public static final String CONFIG_NAME = "remediation-worker";

    /** Starts remediation-worker with {@code remediation-worker.yml}. */
    public static void main(String[] args) {
        new SpringApplicationBuilder(RemediationApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }

    /** UTC clock for leases, budgets and ages; tests replace it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
