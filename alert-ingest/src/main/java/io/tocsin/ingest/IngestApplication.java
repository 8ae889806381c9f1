package io.tocsin.ingest;

import io.tocsin.platform.web.HealthProbes;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of alert-ingest (port 8081). */
@SpringBootApplication
@Import(HealthProbes.class)
@ConfigurationPropertiesScan
public class IngestApplication {

    /**
     * The name of this service's configuration file, {@code alert-ingest.yml}: each service has its own
     * so that standalone can run them side by side in one JVM.
     */
    public static final String CONFIG_NAME = "alert-ingest";

    /** Starts alert-ingest with {@code alert-ingest.yml}. */
    public static void main(String[] args) {
        new SpringApplicationBuilder(IngestApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
