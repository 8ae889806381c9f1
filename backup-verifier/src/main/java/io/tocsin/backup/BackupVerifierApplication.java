package io.tocsin.backup;

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

/** Entry point of backup-verifier (port 8085). */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import({HealthProbes.class, OutboxMetrics.class, DeadLetterMetrics.class,
        TraceContextPropagation.class})
public class BackupVerifierApplication {

    /** The name of this service's configuration file, {@code backup-verifier.yml}. */
    public static final String CONFIG_NAME = "backup-verifier";

    public static void main(String[] args) {
        new SpringApplicationBuilder(BackupVerifierApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
