package io.tocsin.notify;

import io.tocsin.platform.observability.DeadLetterMetrics;
import io.tocsin.platform.web.HealthProbes;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of notifier (port 8084). */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import({HealthProbes.class, DeadLetterMetrics.class})
public class NotifierApplication {

    /** The name of this service's configuration file, {@code notifier.yml}. */
    public static final String CONFIG_NAME = "notifier";

    /** Starts notifier with {@code notifier.yml}. */
    public static void main(String[] args) {
        new SpringApplicationBuilder(NotifierApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }

    /** UTC clock for pacing, signature windows and status page times; tests replace it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
