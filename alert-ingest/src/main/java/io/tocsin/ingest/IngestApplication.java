package io.tocsin.ingest;

import io.tocsin.common.web.HealthProbes;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Import;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of alert-ingest (port 8081). */
@SpringBootApplication
@Import(HealthProbes.class)
@ConfigurationPropertiesScan
public class IngestApplication {

    /** Starts alert-ingest with {@code application.yml} of this module. */
    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }
}
