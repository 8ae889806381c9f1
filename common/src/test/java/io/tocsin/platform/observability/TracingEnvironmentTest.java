package io.tocsin.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The observability defaults each service gets, and what overrides them. */
class TracingEnvironmentTest {

    private static StandardEnvironment processed(Map<String, Object> given, String... profiles) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("given", given));
        env.setActiveProfiles(profiles);
        new TracingEnvironment().postProcessEnvironment(env, new SpringApplication());
        return env;
    }

    @Test
    void tracesEverythingExportsNothingAndPushesNoMetricsByDefault() {
        StandardEnvironment env = processed(Map.of());

        assertThat(env.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
        assertThat(env.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
        assertThat(env.getProperty("management.observations.enable.spring.security")).isEqualTo("false");
        assertThat(env.containsProperty(TracingEnvironment.ENDPOINT)).isFalse();
        assertThat(env.getProperty("logging.structured.format.console")).isNull();
    }

    @Test
    void takesSamplingAndEndpointFromTheTocsinVariablesButNotABlankEndpoint() {
        assertThat(processed(Map.of("TOCSIN_TRACING_SAMPLING_PROBABILITY", "0.25",
                "TOCSIN_OTLP_TRACING_ENDPOINT", " http://collector:4318/v1/traces "))
                .getProperty(TracingEnvironment.ENDPOINT)).isEqualTo("http://collector:4318/v1/traces");
        assertThat(processed(Map.of("TOCSIN_TRACING_SAMPLING_PROBABILITY", "0.25"))
                .getProperty("management.tracing.sampling.probability")).isEqualTo("0.25");
        assertThat(processed(Map.of("TOCSIN_OTLP_TRACING_ENDPOINT", "  ")).containsProperty(TracingEnvironment.ENDPOINT))
                .isFalse();
    }

    @Test
    void aServicesOwnSettingWins() {
        assertThat(processed(Map.of("management.tracing.sampling.probability", "0.5"))
                .getProperty("management.tracing.sampling.probability")).isEqualTo("0.5");
    }

    @Test
    void jsonLogsProfileWritesEcsJsonNamedAfterTheService() {
        StandardEnvironment env = processed(Map.of("spring.application.name", "notifier"), "json-logs");

        assertThat(env.getProperty("logging.structured.format.console")).isEqualTo("ecs");
        assertThat(env.getProperty("logging.structured.ecs.service.name")).isEqualTo("notifier");
    }
}
