package io.tocsin.common.observability;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps {@code TOCSIN_OTLP_TRACING_ENDPOINT} (an OTLP/HTTP traces URL such as
 * {@code http://otel-collector:4318/v1/traces}) to Spring Boot's
 * {@code management.opentelemetry.tracing.export.otlp.endpoint}, only when it is set and not blank: Boot creates
 * the OTLP exporter whenever that property exists, and an empty one fails start-up. Without it spans are still
 * created and propagated (W3C {@code traceparent} in HTTP and Kafka headers, {@code traceId} in logs and
 * timeline entries) but not exported. Registered in {@code META-INF/spring.factories}.
 */
public class TracingEnvironment implements EnvironmentPostProcessor {

    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String endpoint = environment.getProperty("TOCSIN_OTLP_TRACING_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank() && !environment.containsProperty(ENDPOINT)) {
            environment.getPropertySources().addLast(new MapPropertySource("tocsin-tracing", Map.of(ENDPOINT, endpoint.strip())));
        }
    }
}
