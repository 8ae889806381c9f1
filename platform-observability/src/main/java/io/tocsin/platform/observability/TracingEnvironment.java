package io.tocsin.platform.observability;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * The observability defaults every Tocsin service shares, added as the lowest-precedence property source (a service's
 * own yml, the environment and tests still win). Registered in {@code META-INF/spring.factories}.
 * <ul>
 *   <li>Tracing (OpenTelemetry via Micrometer): every webhook, Kafka record and consumer is a span, and W3C
 *       {@code traceparent} travels in HTTP and Kafka headers. {@code management.tracing.sampling.probability} is
 *       {@code TOCSIN_TRACING_SAMPLING_PROBABILITY}, default {@code 1.0} (Boot's own default samples 10 %).</li>
 *   <li>{@code TOCSIN_OTLP_TRACING_ENDPOINT} (an OTLP/HTTP traces URL such as
 *       {@code http://otel-collector:4318/v1/traces}) becomes
 *       {@code management.opentelemetry.tracing.export.otlp.endpoint}, only when it is set and not blank: Boot
 *       creates the OTLP exporter whenever that property exists, and an empty one fails start-up. Without it spans
 *       are still created and propagated ({@code traceId} in logs and timeline entries) but not exported.</li>
 *   <li>Spring Security's observations are off ({@code management.observations.enable.spring.security=false}, as
 *       Spring Boot documents): they add spans for every security filter of every request, which tell a responder
 *       nothing and cost a measurable share of a request's CPU time (README "Performance").</li>
 *   <li>Metrics go to Prometheus ({@code /actuator/prometheus}); the OpenTelemetry starter's OTLP metrics push
 *       (to localhost:4318 every minute, logging a failure each time) is off. Exemplars (trace ids) stay on counters
 *       and histogram buckets but not on the {@code _count} of timers and summaries
 *       ({@code io.prometheus.exporter.exemplarsOnAllMetricTypes=false}; Micrometer defaults it to true): Prometheus
 *       before 2.43, Debian 12's 2.42 among them, rejects such a scrape whole ("metric name … does not support
 *       exemplars"), so every Tocsin target went down and {@code TocsinServiceDown} fired (found by the drills).</li>
 *   <li>Profile {@code json-logs} (docker-compose.yml sets it): one ECS JSON object per line on stdout, with the MDC
 *       fields {@code incident}, {@code eventId}, {@code traceId} and {@code spanId}, service name
 *       {@code spring.application.name}.</li>
 * </ul>
 */
public class TracingEnvironment implements EnvironmentPostProcessor {

    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("management.tracing.sampling.probability",
                environment.getProperty("TOCSIN_TRACING_SAMPLING_PROBABILITY", "1.0"));
        defaults.put("management.otlp.metrics.export.enabled", "false");
        defaults.put("management.prometheus.metrics.export.properties.[io.prometheus.exporter.exemplarsOnAllMetricTypes]", "false");
        defaults.put("management.observations.enable.spring.security", "false");
        String endpoint = environment.getProperty("TOCSIN_OTLP_TRACING_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank() && !environment.containsProperty(ENDPOINT)) {
            defaults.put(ENDPOINT, endpoint.strip());
        }
        if (environment.acceptsProfiles(Profiles.of("json-logs"))) {
            defaults.put("logging.structured.format.console", "ecs");
            defaults.put("logging.structured.ecs.service.name", "${spring.application.name}");
        }
        environment.getPropertySources().addLast(new MapPropertySource("tocsin-observability", defaults));
    }
}
